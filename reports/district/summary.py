"""The district (or province) summary: per commune and cooperative, the
plans of a year, their status, task counts, progress and late tasks.

One structure feeds the HTML page, the PDF and the XLSX; the bar chart is
one SVG string, drawn once and placed in both the page and the PDF.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cooperatives.models import AdministrativeUnit, Cooperative
from plans.models import Plan
from plans.progress import PlanProgress, plans_progress


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
    status_label: str = ""
    tasks: int = 0
    done: int = 0
    late: int = 0
    percent: float | None = None


@dataclass
class CommuneBar:
    name: str
    percent: float | None


@dataclass
class Summary:
    unit: AdministrativeUnit
    year: int
    made_on: datetime.date
    rows: list[SummaryRow] = field(default_factory=list)
    bars: list[CommuneBar] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, float | int]:
        plans = [r for r in self.rows if r.plan_id]
        tasks = sum(r.tasks for r in plans)
        weighted = [r for r in plans if r.percent is not None and r.tasks]
        return {
            "communes": len(self.bars),
            "plans": len(plans),
            "issued": sum(1 for r in plans if r.status == Plan.Status.ISSUED),
            "tasks": tasks,
            "done": sum(r.done for r in plans),
            "late": sum(r.late for r in plans),
            "percent": (sum(r.percent * r.tasks for r in weighted) / sum(r.tasks for r in weighted)) if weighted else 0,
        }


def communes_under(unit: AdministrativeUnit):
    return AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).filter(
        Q(parent=unit) | Q(parent__parent=unit)
    )


def latest_plan_year(unit: AdministrativeUnit) -> int | None:
    """The latest year with a plan in the unit's communes."""
    latest = Plan.objects.filter(issuer__unit__in=communes_under(unit)).order_by("-year").values("year").first()
    return latest["year"] if latest else None


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
        _add_commune(
            summary,
            commune=commune,
            plans=plans_by_unit.get(commune.pk, []),
            cooperatives=coops_by_unit.get(commune.pk, []),
            progress=progress,
        )
    return summary


def _add_commune(
    summary: Summary,
    *,
    commune: AdministrativeUnit,
    plans: list[Plan],
    cooperatives: list[Cooperative],
    progress: dict[int, PlanProgress],
) -> None:
    """The commune's rows (its plans, then the cooperatives none of them
    targets) and its bar."""
    named: set[int] = set()
    percents: list[tuple[float, int]] = []
    for plan in plans:
        result = progress[plan.pk]
        counted = plan.status == Plan.Status.ISSUED
        coops = list(plan.cooperatives.all())
        named.update(c.pk for c in coops)
        summary.rows.append(_plan_row(commune, plan, coops, result))
        if result.tasks and counted:
            percents.append((result.percent, len(result.tasks)))
    # A cooperative no plan of the year targets is shown too: the district
    # wants to see who has been left out.
    for coop in cooperatives:
        if coop.pk not in named:
            summary.rows.append(SummaryRow(commune=commune.name, issuer="", cooperatives=coop.organization.short_name))
    if not plans and not cooperatives:
        summary.rows.append(SummaryRow(commune=commune.name, issuer="", cooperatives=""))
    weight = sum(n for _p, n in percents)
    summary.bars.append(CommuneBar(commune.name, sum(p * n for p, n in percents) / weight if weight else None))


def _plan_row(commune: AdministrativeUnit, plan: Plan, coops: list[Cooperative], result: PlanProgress) -> SummaryRow:
    counted = plan.status == Plan.Status.ISSUED
    # An official table: Vietnamese whatever the reader's interface language.
    with translation.override("vi"):
        status_label = plan.get_status_display()
    return SummaryRow(
        commune=commune.name,
        issuer=plan.issuer.short_name,
        cooperatives=", ".join(c.organization.short_name for c in coops),
        plan_id=plan.pk,
        title=plan.title,
        number_label=plan.number_label,
        issued_on=plan.issued_on,
        status=plan.status,
        status_label=status_label,
        tasks=len(result.tasks),
        done=result.counts.get("done", 0),
        late=len(result.late),
        # Progress is logged on issued plans only: a draft's 0 % would drag the commune down.
        percent=result.percent if result.tasks and counted else None,
    )


# --- Chart ---------------------------------------------------------------------

CHART_WIDTH = 960
CHART_HEIGHT = 300
_PLOT_TOP, _PLOT_BOTTOM, _PLOT_LEFT, _PLOT_RIGHT = 12, 200, 40, 8


def summary_chart_svg(summary: Summary) -> SafeString:
    """Progress per commune as vertical bars, 0-100 %. Plain SVG with a
    viewBox, so the browser and WeasyPrint draw it the same at any width."""
    bars = summary.bars
    plot_width = CHART_WIDTH - _PLOT_LEFT - _PLOT_RIGHT
    plot_height = _PLOT_BOTTOM - _PLOT_TOP
    step = plot_width / max(len(bars), 1)
    bar_width = max(step * 0.7, 1)
    label_size = min(11, max(step * 0.8, 5))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="summary-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
        f'role="img" aria-label="Tiến độ theo xã">',
        "<title>Tiến độ thực hiện kế hoạch theo xã (%)</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        y = _PLOT_BOTTOM - plot_height * tick / 100
        parts.append(
            f'<line x1="{_PLOT_LEFT}" y1="{y:.1f}" x2="{CHART_WIDTH - _PLOT_RIGHT}" y2="{y:.1f}" '
            f'stroke="#ccc" stroke-width="0.6"/>'
            f'<text x="{_PLOT_LEFT - 4}" y="{y + 3:.1f}" font-size="10" text-anchor="end" '
            f'font-family="HTX Serif, Times New Roman, serif">{tick}%</text>'
        )
    for i, bar in enumerate(bars):
        x = _PLOT_LEFT + step * i + (step - bar_width) / 2
        centre = x + bar_width / 2
        if bar.percent is not None:
            height = plot_height * min(max(bar.percent, 0), 100) / 100
            parts.append(
                f'<rect x="{x:.1f}" y="{_PLOT_BOTTOM - height:.1f}" width="{bar_width:.1f}" height="{height:.1f}" '
                f'fill="#198754"><title>{escape(bar.name)}: {bar.percent:.0f}%</title></rect>'
            )
        parts.append(
            f'<text transform="translate({centre:.1f},{_PLOT_BOTTOM + 6}) rotate(60)" font-size="{label_size:.1f}" '
            f'font-family="HTX Serif, Times New Roman, serif">{escape(bar.name)}</text>'
        )
    parts.append(
        f'<line x1="{_PLOT_LEFT}" y1="{_PLOT_BOTTOM}" x2="{CHART_WIDTH - _PLOT_RIGHT}" y2="{_PLOT_BOTTOM}" '
        'stroke="#000" stroke-width="0.8"/></svg>'
    )
    # Every text placed in the SVG is escaped above.
    return mark_safe("".join(parts))


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


def summary_xlsx(summary: Summary) -> bytes:
    """Numbers as numbers, dates as dates, the header row frozen."""
    workbook = Workbook()
    _table_sheet(workbook.active, summary)
    _info_sheet(workbook.create_sheet("Thông tin"), summary)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row_values(row: SummaryRow) -> list:
    return [
        row.commune,
        row.issuer,
        row.cooperatives,
        row.title or "Chưa có kế hoạch",
        row.number_label or None,
        row.issued_on,
        row.status_label or None,
        row.tasks if row.plan_id else None,
        row.done if row.plan_id else None,
        row.late if row.plan_id else None,
        round(row.percent / 100, 4) if row.percent is not None else None,
    ]


def _total_values(totals: dict[str, float | int]) -> list:
    return [
        f"Cộng: {totals['communes']} xã, {totals['plans']} kế hoạch ({totals['issued']} đã ban hành)",
        *[None] * 6,
        totals["tasks"],
        totals["done"],
        totals["late"],
        # The page's own rounding (floatformat), so the sheet never shows 13 % where the page shows 12 %.
        int(floatformat(totals["percent"], 0)) / 100,
    ]


def _table_sheet(sheet, summary: Summary) -> None:
    sheet.title = f"Tổng hợp {summary.year}"
    sheet.append([name for name, _width in XLSX_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E2EFDA")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in summary.rows:
        sheet.append(_row_values(row))
    # The filter covers the communes only: sorting must not move the total in among them.
    sheet.auto_filter.ref = sheet.dimensions
    sheet.append(_total_values(summary.totals))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, (_name, width) in enumerate(XLSX_COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cells in sheet.iter_rows(min_row=2):
        cells[5].number_format = "DD/MM/YYYY"
        cells[10].number_format = "0%"
        cells[3].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


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
    """What a summary file is rendered from: its rows and bars."""
    return {
        "unit": [summary.unit.pk, summary.unit.code, summary.unit.name],
        "year": summary.year,
        "made_on": summary.made_on,
        "rows": [list(vars(row).values()) for row in summary.rows],
        "bars": [[bar.name, bar.percent] for bar in summary.bars],
    }
