"""How an official file leaves the portal: its content type, its file name
and the response that carries it."""

from __future__ import annotations

from django.http import HttpResponse

from plans.models import Plan
from reports.models import ProgressReport

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def document_filename(document: Plan | ProgressReport, extension: str) -> str:
    """The file name of a download or an attachment, as the document pages name them."""
    number = f"{document.number:02d}-" if document.number else "du-thao-"
    if isinstance(document, Plan):
        return f"ke-hoach-{number}{document.year}-{document.pk}.{extension}"
    return f"bao-cao-{number}{document.as_of:%Y%m%d}-{document.pk}.{extension}"


def download_response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The files are rendered from data only the signed-in user may see.
    response["Cache-Control"] = "private, no-cache"
    return response
