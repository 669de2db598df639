from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from plans import access
from plans.models import Plan
from reports import services

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The files are rendered from data only the signed-in user may see.
    response["Cache-Control"] = "private, no-cache"
    return response


def _plan_filename(plan: Plan, extension: str) -> str:
    number = f"{plan.number:02d}-" if plan.number else "du-thao-"
    return f"ke-hoach-{number}{plan.year}-{plan.pk}.{extension}"


@login_required
def plan_pdf(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    return _download(services.plan_pdf_render(plan=plan), PDF, _plan_filename(plan, "pdf"))


@login_required
def plan_docx(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    return _download(services.plan_docx_render(plan=plan), DOCX, _plan_filename(plan, "docx"))
