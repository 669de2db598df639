"""Remind committees with no plan submitted past their district's deadline,
and cooperative staff whose tasks have gone quiet, through the notifications.

From cron once a day; the same reminder reaches a person at most once a week.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cooperatives.ocop.reminders import ocop_expiry_remind
from cooperatives.rating.reminders import rating_reminders_send
from reports.reminders.services import reminders_send


class Command(BaseCommand):
    help = "Nhắc các xã chưa trình kế hoạch quá hạn và các hợp tác xã có nhiệm vụ lâu chưa cập nhật."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="chạy như vào ngày này (NNNN-TT-NN)")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"Ngày “{options['date']}” không hợp lệ (cần dạng NNNN-TT-NN).") from None
        sent = reminders_send(today=today)
        ocop = ocop_expiry_remind(today=today)
        rating = rating_reminders_send(today=today or timezone.localdate())
        self.stdout.write(
            f"Đã nhắc {sent['plan_missing']} người về kế hoạch chưa trình, "
            f"{sent['tasks_quiet']} người về nhiệm vụ lâu chưa cập nhật, "
            f"{ocop} người về giấy chứng nhận OCOP sắp hết hạn, "
            f"{rating} người về đánh giá, phân loại hợp tác xã."
        )
