"""The appendices of a plan in its Word file: each in a section of its own
from a new page, landscape for a wide table, the heading row repeated on
every page, grouping rows merged across, the page numbers running on."""

import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from plans.models import Plan
from reports.tests.appendix_plans import ATTACHED, COLUMNS, GROUPS, LEADS, TASKS, task_title, with_task_list
from reports.tests.test_plan_appendices_pdf import WORKS
from reports.tests.test_plan_docx import all_text, download


def cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


@pytest.fixture
def task_docx(plan_a, cast, login):
    plan = with_task_list(plan_a)
    plan.appendices.create(position=0, title="Danh mục công trình", body="Các công trình năm 2022.", table=WORKS)
    return download(login(cast["editor_a"]), plan)


def test_each_appendix_is_a_section_from_a_new_page_landscape_only_when_wide(task_docx):
    body, tasks, works = task_docx.sections
    assert body.orientation == WD_ORIENT.PORTRAIT
    assert tasks.start_type == works.start_type == WD_SECTION.NEW_PAGE
    assert tasks.orientation == WD_ORIENT.LANDSCAPE and tasks.page_width > tasks.page_height
    assert [round(m.mm) for m in (tasks.top_margin, tasks.right_margin, tasks.bottom_margin, tasks.left_margin)] == [
        30,
        20,
        15,
        25,
    ]
    assert works.orientation == WD_ORIENT.PORTRAIT and works.page_width < works.page_height
    assert round(works.left_margin.mm) == 30


def test_page_numbers_run_on_into_the_appendices(task_docx):
    for section in task_docx.sections[1:]:
        # The body's header (with its PAGE field), on the first page of the section too, never restarted.
        assert section.header.is_linked_to_previous
        assert not section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")) is None
    assert "PAGE" in task_docx.sections[0].header._element.xml


def test_the_appendix_opens_with_its_label_title_and_the_plan_it_comes_with(task_docx):
    lines = [line for line in all_text(task_docx).split("\n") if line.strip()]
    opening = lines.index("PHỤ LỤC I")
    assert lines[opening : opening + 3] == ["PHỤ LỤC I", "PHÂN CÔNG THỰC HIỆN", ATTACHED]
    second = lines.index("PHỤ LỤC II")
    assert lines[second : second + 4] == ["PHỤ LỤC II", "DANH MỤC CÔNG TRÌNH", ATTACHED, "Các công trình năm 2022."]
    label = next(p for p in task_docx.paragraphs if p.text == "PHỤ LỤC I")
    assert label.alignment == WD_ALIGN_PARAGRAPH.CENTER and label.runs[0].bold
    attached = next(p for p in task_docx.paragraphs if p.text == ATTACHED)
    assert attached.runs[0].italic and attached.runs[0].font.size == Pt(14)


def test_the_task_table_repeats_its_heading_row_and_merges_its_grouping_rows(task_docx):
    table = task_docx.tables[2]
    rows = table._tbl.tr_lst
    heading = rows[0]
    assert heading.trPr.find(qn("w:tblHeader")) is not None
    assert [cell_text(tc).replace("\n", " ") for tc in heading.tc_lst] == COLUMNS
    groups = [tr for tr in rows[1:] if len(tr.tc_lst) == 1]
    assert [cell_text(tr.tc_lst[0]) for tr in groups] == [
        f"{n}. {g}" for n, g in zip(["I", "II", "III"], GROUPS, strict=True)
    ]
    assert all(tr.tc_lst[0].grid_span == len(COLUMNS) for tr in groups)
    assert all(tr.tc_lst[0].xpath(".//w:b") for tr in groups)  # bold
    tasks = [tr for tr in rows[1:] if len(tr.tc_lst) > 1]
    assert [cell_text(tr.tc_lst[1]) for tr in tasks] == [task_title(n) for n in range(1, TASKS + 1)]
    assert {cell_text(tr.tc_lst[2]) for tr in tasks} == set(LEADS)
    assert cell_text(tasks[0].tc_lst[3]) == "HTX NN Vĩnh Lợi, Hội Nông dân xã"
    # Short rows stay whole on a page.
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)


def test_the_table_has_borders_fixed_columns_and_twelve_point_text(task_docx):
    table = task_docx.tables[2]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = [column.width.mm for column in table.columns]
    assert abs(sum(widths) - (297 - 25 - 20)) < 1
    assert widths[0] < 12 and widths[1] == max(widths)
    runs = [r for r in table._tbl.iter(qn("w:r"))]
    sizes = {r.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) for r in runs}
    assert sizes == {"24"}  # half-points: 12 pt
    own = task_docx.tables[3]
    assert abs(sum(column.width.mm for column in own.columns) - (210 - 30 - 15)) < 1


def test_a_row_taller_than_a_page_may_break_and_the_others_may_not(plan_a, cast, login):
    plan = with_task_list(plan_a, tasks=3)
    plan.tasks.filter(position=1).update(product="Hồ sơ đăng ký, điều lệ và phương án sản xuất kinh doanh. " * 40)
    rows = download(login(cast["editor_a"]), plan).tables[2]._tbl.tr_lst
    splittable = [i for i, tr in enumerate(rows) if tr.trPr.find(qn("w:cantSplit")) is None]
    assert splittable == [4]  # heading, group I, task 1, group II, task 2 (long), ...


def test_the_signer_lines_are_paragraphs_of_their_own(plan_a, cast, login):
    Plan.objects.filter(pk=plan_a.pk).update(
        signer_authority="TM. Ủy ban nhân dân KT. Chủ tịch", signer_title="Phó Chủ tịch", signer_name="Trần Văn Bình"
    )
    band = download(login(cast["editor_a"]), plan_a).tables[-1]
    right = [p.text for p in band.rows[0].cells[1].paragraphs if p.text]
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"]


def test_a_plan_without_appendices_has_one_section(plan_a, cast, login):
    document = download(login(cast["editor_a"]), plan_a)
    assert len(document.sections) == 1
    assert "PHỤ LỤC" not in all_text(document)
