"""Load a criteria set for the yearly rating from its JSON file
(cooperatives/rating/sets/tt01_2020.json is the default), checking it first."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cooperatives.rating.criteria import set_load


class Command(BaseCommand):
    help = "Nạp bộ tiêu chí đánh giá, phân loại hợp tác xã từ tệp JSON (kiểm tra trước khi nạp)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp JSON của bộ tiêu chí")

    def handle(self, *args, file, **options):
        try:
            criteria_set, created = set_load(file)
        except ValidationError as exc:
            raise CommandError("Bộ tiêu chí không hợp lệ: " + " ".join(exc.messages)) from None
        verb = "Đã nạp" if created else "Đã cập nhật"
        self.stdout.write(f"{verb} bộ tiêu chí {criteria_set.code}, áp dụng từ năm {criteria_set.valid_from}.")
