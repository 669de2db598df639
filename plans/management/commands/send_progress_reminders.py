"""Cron: e-mail progress reminders and the weekly digest.

    15 6 * * *  cd /srv/htxplan && .venv/bin/python manage.py send_progress_reminders

Running it more than once a day sends nothing more (see
services.progress_reminders_send).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from plans.progress.reminders import progress_reminders_send


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc nhân viên HTX các nhiệm vụ sắp đến hạn (7 ngày) hoặc trễ hạn, và thư tổng hợp tiến độ "
        "hằng tuần cho cán bộ UBND. Chạy nhiều lần trong ngày cũng chỉ gửi một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Chạy như vào ngày này (NNNN-TT-NN); mặc định hôm nay.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm thư sẽ gửi, không gửi, không ghi nhận.")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Ngày “{date}” không hợp lệ (cần dạng NNNN-TT-NN).") from None
        sent = progress_reminders_send(today=today, dry_run=dry_run)
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        self.stdout.write(
            f"{verb} {sent['tasks_due']} thư nhắc nhiệm vụ, {sent['weekly_digest']} thư tổng hợp tuần; "
            f"{sent['skipped_no_email']} người chưa có địa chỉ thư điện tử."
        )
