"""Delete rendered documents that have not been written for a while.

Rendered files are a cache (reports.documents.cache.document_cached): a plan
that changed is stored under a new name and its old file is never read
again. Deleting an old file costs at most one new render on its next
download, so this is safe to run from cron; `--days` keeps the recent ones.
"""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from htxplan.storage import storage_walk
from reports.documents.cache import CACHE_FOLDER
from reports.documents.records import RenderedFile


class Command(BaseCommand):
    help = "Xóa các tệp văn bản đã dựng (PDF, DOCX, XLSX) cũ hơn số ngày chỉ định; chúng sẽ được dựng lại khi cần."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Giữ các tệp ghi trong ngần ấy ngày (mặc định 30).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không xóa.")

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 0:
            raise CommandError("--days phải là số không âm.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        removed = kept = 0
        for name in list(storage_walk(CACHE_FOLDER)):
            if default_storage.get_modified_time(name) < cutoff:
                if not dry_run:
                    default_storage.delete(name)
                    RenderedFile.objects.filter(name=name).delete()
                removed += 1
            else:
                kept += 1
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        self.stdout.write(f"{verb} {removed} tệp cũ hơn {days} ngày, giữ {kept} tệp.")
