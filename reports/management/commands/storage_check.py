"""Rows and files compared both ways: evidence (plans/progress/evidence/
integrity.py) and rendered documents (reports/documents/integrity.py).

Lists each problem; with --repair fixes what can be fixed (a damaged
rendered file is rendered again, an orphan evidence file moved to
orphaned/). Exits with status 1 while a problem remains, so cron or a
monitoring check can tell."""

from django.core.management.base import BaseCommand, CommandError

from htxplan.storage import STORAGE_ERRORS, StorageProblem
from plans.progress.evidence.integrity import evidence_files_check, evidence_rows_check
from reports.documents.integrity import rendered_files_check, rendered_records_check


class Command(BaseCommand):
    help = (
        "Đối chiếu tệp minh chứng và văn bản đã dựng với cơ sở dữ liệu: tệp thiếu, tệp hỏng (mã SHA-256), "
        "tệp không thuộc bản ghi nào. --repair sửa những gì sửa được."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Dựng lại văn bản hỏng, xóa bản ghi và tệp thừa của bộ đệm, chuyển minh chứng lạc sang orphaned/.",
        )
        parser.add_argument(
            "--quick", action="store_true", help="Chỉ so dung lượng tệp minh chứng, không tính lại mã SHA-256."
        )

    def handle(self, *args, repair: bool, quick: bool, **options):
        checks = (
            evidence_rows_check(quick=quick),
            evidence_files_check(),
            rendered_records_check(),
            rendered_files_check(),
        )
        found = repaired = 0
        for check in checks:
            for problem in check:
                found += 1
                repaired += self._report(problem, repair)
        remaining = found - repaired
        if not found:
            self.stdout.write(self.style.SUCCESS("Không có vấn đề: mọi bản ghi có tệp, mọi tệp có bản ghi."))
            return
        self.stdout.write(f"Tìm thấy {found} vấn đề, đã sửa {repaired}, còn {remaining}.")
        if remaining:
            hint = "" if repair else " Chạy lại với --repair để sửa những gì sửa được."
            raise CommandError(f"Còn {remaining} vấn đề cần xử lý.{hint}", returncode=1)

    def _report(self, problem: StorageProblem, repair: bool) -> int:
        line = f"- {problem.what}: {problem.name}" + (f" ({problem.detail})" if problem.detail else "")
        if not (repair and problem.repair):
            self.stdout.write(line + ("" if problem.repair else " – không tự sửa được"))
            return 0
        try:
            done = problem.repair()
        except STORAGE_ERRORS as error:
            self.stdout.write(f"{line} – chưa sửa được: {error}")
            return 0
        self.stdout.write(f"{line} – {done}")
        return 1
