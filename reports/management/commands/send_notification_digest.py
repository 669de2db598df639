"""Send each person the day's notifications they chose to get as one e-mail.

From cron, once a day (e.g. 17:30); running it again sends nothing twice.
"""

from django.core.management.base import BaseCommand

from reports.notifications.mailing import notification_digest_send


class Command(BaseCommand):
    help = "Gửi thư tổng hợp thông báo trong ngày cho những người đã chọn nhận thư tổng hợp."

    def handle(self, *args, **options):
        sent = notification_digest_send()
        self.stdout.write(f"Đã gửi {sent} thư tổng hợp thông báo.")
