"""The district (or province) summary: per commune and cooperative, the
issued plans of a year, their task counts, progress and late tasks; the
plans not yet in force listed apart, outside every figure.

One structure feeds the HTML page, the PDF and the XLSX; the bar chart is
one template (reports/includes/_summary_chart.html) placed in both the page
and the PDF. Labels are translated when shown (the page follows the
reader's language; the PDF and the XLSX are rendered in Vietnamese).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cooperatives import versions
from cooperatives.models import AdministrativeUnit, Cooperative
from plans.models import DocumentStatus, Plan
from plans.progress import PlanProgress, plans_progress
from reports.district.figures import combined_percent, plans_counted


@dataclass
class SummaryRow:
    commune: str
    issuer: str
    cooperatives: str
    plan_id: int | None = None
    title: str = ""
    number_label: str = ""
    issued_on: datetime.date | None = None
    status: str = ""
    tasks: int = 0
    done: int = 0
    late: int = 0
    percent: float | None = None
    # The number of the issued amendment that replaces this plan.
    replaced_by: str = ""

    @property
    def status_label(self) -> str:
        """In the language active where it is shown."""
        if self.replaced_by:
            return _("Đã được thay thế bởi %(number)s") % {"number": self.replaced_by}
        return str(DocumentStatus(self.status).label) if self.status else ""


@dataclass
class CommuneBar:
    name: str
    percent: float | None


@dataclass
class Summary:
    unit: AdministrativeUnit
    year: int
    made_on: datetime.date
    # The figures: issued plans in force, the cooperatives no such plan
    # names, the communes with none.
    rows: list[SummaryRow] = field(default_factory=list)
    # Plans not in force (draft, submitted, approved, replaced): shown apart, never counted.
    pending: list[SummaryRow] = field(default_factory=list)
    bars: list[CommuneBar] = field(default_factory=list)
    cooperatives: int = 0
    covered: int = 0

    @property
    def totals(self) -> dict[str, float | int]:
        plans = [r for r in self.rows if r.plan_id]
        weighted = [r for r in plans if r.percent is not None and r.tasks]
        return {
            "communes": len(self.bars),
            "plans": len(plans),
            "tasks": sum(r.tasks for r in plans),
            "done": sum(r.done for r in plans),
            "late": sum(r.late for r in plans),
            # None with no issued plan to weigh: the total row shows "—", never a 0 % nobody earned.
            "percent": (sum(r.percent * r.tasks for r in weighted) / sum(r.tasks for r in weighted))
            if weighted
            else None,
            "cooperatives": self.cooperatives,
            "covered": self.covered,
        }

    @property
    def totals_label(self) -> str:
        """The total row's label, the same on the page, in the PDF and the XLSX."""
        totals = self.totals
        parts = [
            ngettext("%(n)s xã", "%(n)s xã", totals["communes"]) % {"n": totals["communes"]},
            ngettext("%(n)s kế hoạch đã ban hành", "%(n)s kế hoạch đã ban hành", totals["plans"])
            % {"n": totals["plans"]},
        ]
        if totals["cooperatives"]:
            parts.append(
                ngettext(
                    "%(covered)s/%(n)s hợp tác xã có trong kế hoạch",
                    "%(covered)s/%(n)s hợp tác xã có trong kế hoạch",
                    totals["cooperatives"],
                )
                % {"covered": totals["covered"], "n": totals["cooperatives"]}
            )
        return _("Cộng: %(parts)s") % {"parts": ", ".join(parts)}


def communes_under(unit: AdministrativeUnit):
    return AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).filter(
        Q(parent=unit) | Q(parent__parent=unit)
    )


def cached_summary(*, unit: AdministrativeUnit, year: int) -> Summary:
    """build_summary, cached on the versions of the unit and of every commune
    under it (cooperatives/versions.py): a repeat view, and the summary's
    files found by the hash of its rows (reports/documents/cache.py), cost
    a cache read and one small query."""
    return cached_summary_with_parts(unit=unit, year=year)[0]


def cached_summary_with_parts(*, unit: AdministrativeUnit, year: int) -> tuple[Summary, list]:
    """cached_summary, and the key parts it was found under (for what is cached from it)."""
    parts = [unit.pk, unit.data_version, year, versions.versions(communes_under(unit).values("pk"))]
    return versions.cached_rollup("summary", parts, lambda: build_summary(unit=unit, year=year)), parts


def build_summary(*, unit: AdministrativeUnit, year: int, today: datetime.date | None = None) -> Summary:
    """A fixed number of queries whatever the number of communes."""
    today = today or timezone.localdate()
    communes = list(communes_under(unit).order_by("name"))
    plans = list(
        Plan.objects.filter(issuer__unit__in=communes, year=year)
        .select_related("issuer")
        .prefetch_related("cooperatives__organization")
        .order_by("issuer__short_name", "id")
    )
    counted, replaced_by = plans_counted(plans)
    counted_ids = {p.pk for p in counted}
    progress = plans_progress(plans, today=today)
    cooperatives = Cooperative.objects.filter(organization__unit__in=communes).select_related("organization")
    coops_by_unit: dict[int, list[Cooperative]] = {}
    for coop in cooperatives:
        coops_by_unit.setdefault(coop.organization.unit_id, []).append(coop)
    plans_by_unit: dict[int, list[Plan]] = {}
    for plan in plans:
        plans_by_unit.setdefault(plan.issuer.unit_id, []).append(plan)

    summary = Summary(unit=unit, year=year, made_on=today)
    for commune in communes:
        in_force = []
        for plan in plans_by_unit.get(commune.pk, []):
            if plan.pk in counted_ids:
                in_force.append(plan)
            else:
                row = _plan_row(commune, plan, progress[plan.pk], counted=False)
                row.replaced_by = replaced_by[plan.pk].number_label if plan.pk in replaced_by else ""
                summary.pending.append(row)
        _add_commune(summary, commune=commune, plans=in_force, cooperatives=coops_by_unit.get(commune.pk, []),
                     progress=progress)  # fmt: skip
    return summary


def _add_commune(
    summary: Summary,
    *,
    commune: AdministrativeUnit,
    plans: list[Plan],
    cooperatives: list[Cooperative],
    progress: dict[int, PlanProgress],
) -> None:
    """The commune's rows (its plans in force, then the cooperatives none of
    them names) and its bar."""
    named: set[int] = set()
    for plan in plans:
        named.update(c.pk for c in plan.cooperatives.all())
        summary.rows.append(_plan_row(commune, plan, progress[plan.pk], counted=True))
    # A cooperative no issued plan of the year names is shown too: the
    # district wants to see who has been left out.
    for coop in cooperatives:
        if coop.pk not in named:
            summary.rows.append(SummaryRow(commune=commune.name, issuer="", cooperatives=coop.organization.short_name))
    if not plans and not cooperatives:
        summary.rows.append(SummaryRow(commune=commune.name, issuer="", cooperatives=""))
    summary.cooperatives += len(cooperatives)
    summary.covered += sum(1 for coop in cooperatives if coop.pk in named)
    summary.bars.append(CommuneBar(commune.name, combined_percent(progress[plan.pk] for plan in plans)))


def _plan_row(commune: AdministrativeUnit, plan: Plan, result: PlanProgress, *, counted: bool) -> SummaryRow:
    """A plan's row; one not in force shows its task count only (progress is
    logged on issued plans, so a draft's 0 % or its "late" tasks mean nothing)."""
    return SummaryRow(
        commune=commune.name,
        issuer=plan.issuer.short_name,
        cooperatives=", ".join(c.organization.short_name for c in plan.cooperatives.all()),
        plan_id=plan.pk,
        title=plan.title,
        number_label=plan.number_label,
        issued_on=plan.issued_on,
        status=plan.status,
        tasks=len(result.tasks),
        done=result.counts.get("done", 0) if counted else 0,
        late=len(result.late) if counted else 0,
        percent=result.percent if result.tasks and counted else None,
    )


# --- XLSX ----------------------------------------------------------------------

XLSX_COLUMNS = [
    ("Xã, phường", 22),
    ("Cơ quan ban hành", 24),
    ("Hợp tác xã", 28),
    ("Kế hoạch (trích yếu)", 50),
    ("Số", 13),
    ("Ngày ban hành", 14),
    ("Trạng thái", 14),
    ("Số nhiệm vụ", 12),
    ("Hoàn thành", 12),
    ("Chậm, quá hạn", 13),
    ("Tiến độ", 10),
]


NO_PLAN = "Chưa có kế hoạch ban hành"
PENDING_COLUMNS = [XLSX_COLUMNS[i] for i in (0, 1, 2, 3, 6, 7)]


def summary_xlsx(summary: Summary) -> bytes:
    """Numbers as numbers, dates as dates, the header row frozen; the plans
    not in force on a sheet of their own, so no sum of the first takes them in.
    Vietnamese whatever the reader's language: an official table."""
    with translation.override("vi"):
        workbook = Workbook()
        _table_sheet(workbook.active, summary)
        if summary.pending:
            _pending_sheet(workbook.create_sheet("Chưa ban hành"), summary)
        _info_sheet(workbook.create_sheet("Thông tin"), summary)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row_values(row: SummaryRow) -> list:
    return [
        row.commune,
        row.issuer,
        row.cooperatives,
        row.title or NO_PLAN,
        row.number_label or None,
        row.issued_on,
        row.status_label or None,
        row.tasks if row.plan_id else None,
        row.done if row.plan_id else None,
        row.late if row.plan_id else None,
        round(row.percent / 100, 4) if row.percent is not None else None,
    ]


def _total_values(summary: Summary) -> list:
    totals = summary.totals
    return [
        summary.totals_label,
        *[None] * 6,
        totals["tasks"],
        totals["done"],
        totals["late"],
        # The page's own rounding (floatformat), so the sheet never shows 13 % where the page shows 12 %.
        int(floatformat(totals["percent"], 0)) / 100 if totals["percent"] is not None else None,
    ]


def _header(sheet, columns: list[tuple[str, int]]) -> None:
    sheet.append([name for name, _width in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E2EFDA")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, (_name, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _table_sheet(sheet, summary: Summary) -> None:
    sheet.title = f"Tổng hợp {summary.year}"
    _header(sheet, XLSX_COLUMNS)
    for row in summary.rows:
        sheet.append(_row_values(row))
    # The filter covers the communes only: sorting must not move the total in among them.
    sheet.auto_filter.ref = sheet.dimensions
    sheet.append(_total_values(summary))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for cells in sheet.iter_rows(min_row=2):
        cells[5].number_format = "DD/MM/YYYY"
        cells[10].number_format = "0%"
        cells[3].alignment = Alignment(wrap_text=True, vertical="top")


def _pending_sheet(sheet, summary: Summary) -> None:
    _header(sheet, PENDING_COLUMNS)
    for row in summary.pending:
        sheet.append([row.commune, row.issuer, row.cooperatives, row.title, row.status_label, row.tasks])
        sheet.cell(row=sheet.max_row, column=4).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([])
    sheet.append(["Các kế hoạch này chưa có hiệu lực (dự thảo, chờ duyệt, đã duyệt hoặc đã được thay thế): "
                  "không tính vào số liệu tổng hợp."])  # fmt: skip
    sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)


def _info_sheet(info, summary: Summary) -> None:
    for label, value in (
        ("Đơn vị", summary.unit.name),
        ("Năm kế hoạch", summary.year),
        ("Ngày lập", summary.made_on),
    ):
        info.append([label, value])
    info["B3"].number_format = "DD/MM/YYYY"
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 30


def summary_source(summary: Summary) -> dict:
    """What a summary file is rendered from: its rows, the plans not in
    force, the bars and the cooperative counts."""
    return {
        "unit": [summary.unit.pk, summary.unit.code, summary.unit.name],
        "year": summary.year,
        "made_on": summary.made_on,
        "rows": [list(vars(row).values()) for row in summary.rows],
        "pending": [list(vars(row).values()) for row in summary.pending],
        "bars": [[bar.name, bar.percent] for bar in summary.bars],
        "cooperatives": [summary.cooperatives, summary.covered],
    }
