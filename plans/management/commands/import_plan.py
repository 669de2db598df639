import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cooperatives.models import Organization
from plans import imports, services


class Command(BaseCommand):
    help = (
        "Nhập một kế hoạch từ tệp .docx, .doc, .pdf, .txt, .md hoặc .json thành dự thảo. "
        "--dry-run chỉ in dữ liệu theo định dạng trao đổi (htxplan.plan/1), không lưu gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--issuer", type=int, help="Mã (id) của cơ quan ban hành.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in JSON, không lưu.")
        parser.add_argument(
            "--additional-reason",
            default="",
            help="Lý do kế hoạch bổ sung, khi cơ quan đã có kế hoạch cùng năm (nếu không sẽ bị từ chối).",
        )

    def handle(self, *args, path: str, issuer: int | None, dry_run: bool, additional_reason: str = "", **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        if file.stat().st_size > imports.MAX_BYTES:
            raise CommandError(f"Tệp quá lớn; chỉ nhận tệp đến {imports.MAX_BYTES // 1024 // 1024} MB.")
        try:
            result = imports.import_file(file.name, file.read_bytes())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for repair in result.repairs:
            where = f"dòng {repair.line}" if repair.line else "toàn tệp"
            self.stderr.write(f"Sửa ({repair.label}, {where}): “{repair.before}” → “{repair.after}”")
        for warning in result.warnings:
            self.stderr.write(f"Lưu ý: {warning}")
        if dry_run:
            self.stdout.write(json.dumps(result.data, ensure_ascii=False, indent=2))
            return
        organization = self.issuer(issuer, result.data)
        imports.fill_header_from_issuer(result, organization)
        try:
            plan = services.plan_import(data=result.data, issuer=organization, additional_reason=additional_reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Đã tạo dự thảo kế hoạch số {plan.pk}: {plan.title}")

    def issuer(self, issuer_id: int | None, data: dict) -> Organization:
        if issuer_id is not None:
            organization = Organization.objects.select_related("unit").filter(pk=issuer_id).first()
            if organization is None:
                raise CommandError(f"Không có cơ quan mã {issuer_id}.")
            return organization
        # Without --issuer, the issuer named in the document's header, if the portal knows it.
        name = (data.get("issuer") or {}).get("name") or ""
        # Compared in Python: SQLite's iexact folds ASCII only, not "Ủ" to "ủ".
        wanted = " ".join(name.casefold().split())
        organization = next(
            (o for o in Organization.objects.select_related("unit") if wanted and o.name.casefold() == wanted), None
        )
        if organization is None:
            raise CommandError("Không xác định được cơ quan ban hành: hãy chỉ định --issuer <mã cơ quan>.")
        return organization
