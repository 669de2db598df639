"""`manage.py restore PATH [--yes]`: a backup of `manage.py backup` back into
the configured database and MEDIA_ROOT (see reports/backup/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.backup import BackupError
from reports.backup.run import restore_run, restore_summary


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `manage.py backup` vào CSDL đang cấu hình và MEDIA_ROOT, "
        "kiểm tra mã SHA-256 của mọi tệp, rồi chạy migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp .tar.gz do `manage.py backup` ghi.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Đồng ý xóa dữ liệu đang có trong CSDL để thay bằng bản sao lưu.",
        )

    def handle(self, *args, path: str, yes: bool, **options):
        archive = Path(path).expanduser().absolute()
        try:
            done = restore_run(archive, replace=yes)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in restore_summary(done, archive):
            self.stdout.write(line)
