"""`manage.py backup [--output PATH]`: the database and every file under
MEDIA_ROOT in one .tar.gz (see reports/backup/)."""

from django.core.management.base import BaseCommand, CommandError

from reports.backup import BackupError
from reports.backup.run import backup_run, backup_summary, backup_target


class Command(BaseCommand):
    help = (
        "Sao lưu CSDL và mọi tệp trong MEDIA_ROOT (tệp minh chứng, văn bản đã dựng) vào một tệp .tar.gz; "
        "khôi phục bằng `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Tệp .tar.gz sẽ ghi, hoặc thư mục đặt nó vào "
            "(mặc định: htxplan-backup-YYYYMMDD-HHMMSS.tar.gz trong thư mục hiện tại).",
        )

    def handle(self, *args, output=None, **options):
        try:
            done = backup_run(backup_target(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in backup_summary(done):
            self.stdout.write(line)
