"""Appendices (phụ lục) and the task columns of a real task list: kept in the
rows, in the interchange format both ways, in a copy, and in the outline."""

import pytest

from plans.appendices import plan_appendices
from plans.interchange.export import plan_to_dict
from plans.interchange.load import plan_import
from plans.models import Appendix, Plan, table_rows, table_text
from plans.outline import build_outline, prefetch_plan_text, signer_lines
from plans.services import plan_copy

TABLE = (
    "TT | Công trình | Kinh phí (triệu đồng)\nI. Giao thông nội đồng\n"
    "1 | Đường đal ấp 3 | 450\n2 | Cống ấp 4 \\| ấp 5 | 120"
)


def loaded(plan) -> Plan:
    return prefetch_plan_text(Plan.objects.filter(pk=plan.pk)).get()


@pytest.fixture
def plan_with_appendix(plan_a):
    task = plan_a.tasks.get()
    task.group = "Củng cố tổ chức"
    task.period_text = "Quý II/2022"
    task.product = "Báo cáo rà soát"
    task.note = "Ưu tiên"
    task.extra_columns = {"Kinh phí": "20 triệu"}
    task.lead_unit = "UBND xã"
    task.partner_units = "HTX NN Vĩnh Lợi\nHội Nông dân"
    task.save()
    plan_a.appendices.create(position=0, title="Danh mục công trình", body="Các công trình năm 2022.", table=TABLE)
    plan_a.task_listing = Plan.TaskListing.APPENDIX
    plan_a.task_appendix_title = "Danh mục nhiệm vụ"
    plan_a.save()
    return plan_a


def test_a_table_written_as_text_reads_back_with_its_grouping_rows_and_escaped_bars():
    columns, rows = table_rows(TABLE)
    assert columns == ["TT", "Công trình", "Kinh phí (triệu đồng)"]
    assert rows == [["I. Giao thông nội đồng"], ["1", "Đường đal ấp 3", "450"], ["2", "Cống ấp 4 | ấp 5", "120"]]
    assert table_rows(table_text(columns, rows)) == (columns, rows)


def test_a_row_wider_than_the_heading_is_refused_with_its_line(plan_a):
    appendix = Appendix(plan=plan_a, title="Bảng", table="A | B\n1 | 2 | 3")
    with pytest.raises(Exception) as error:
        appendix.full_clean()
    assert "Dòng 2 của bảng có 3 ô, nhiều hơn 2 cột của dòng tiêu đề." in str(error.value)


def test_the_interchange_format_carries_appendices_and_task_columns_both_ways(plan_with_appendix, orgs):
    data = plan_to_dict(loaded(plan_with_appendix))
    task = data["tasks"]["items"][0]
    assert (task["group"], task["period"], task["product"], task["note"]) == (
        "Củng cố tổ chức",
        "Quý II/2022",
        "Báo cáo rà soát",
        "Ưu tiên",
    )
    assert task["extra"] == {"Kinh phí": "20 triệu"}
    assert data["task_appendix"] == {"title": "Danh mục nhiệm vụ", "listing": "appendix"}
    assert data["appendices"][0]["rows"][0] == ["I. Giao thông nội đồng"]
    again = plan_import(data=data, issuer=orgs["ubnd_a"])
    assert plan_to_dict(loaded(again)) | {"status": None} == data | {"status": None}


def test_a_file_written_before_appendices_existed_still_imports(plan_a, orgs):
    data = plan_to_dict(loaded(plan_a))
    for key in ("task_appendix", "appendices"):
        del data[key]
    for task in data["tasks"]["items"]:
        for key in ("group", "period", "product", "note", "extra"):
            del task[key]
    plan = plan_import(data=data, issuer=orgs["ubnd_a"])
    assert plan.task_listing == "body" and not plan.appendices.exists()
    assert plan.tasks.get().period_text == ""


def test_the_outline_prints_tasks_as_an_appendix_and_leaves_them_out_of_the_body(plan_with_appendix):
    plan = loaded(plan_with_appendix)
    assert "tasks" not in [section.key for section in build_outline(plan).sections]
    tasks, works = plan_appendices(plan)
    assert (tasks.label, tasks.title, works.label) == ("PHỤ LỤC I", "Danh mục nhiệm vụ", "PHỤ LỤC II")
    assert tasks.columns == [
        "TT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
        "Sản phẩm",
        "Kinh phí",
        "Ghi chú",
    ]
    group, row = tasks.rows
    assert group.group and group.cells == ["I. Củng cố tổ chức"]
    assert row.cells[1:] == [
        plan.tasks.get().title,
        "UBND xã",
        "HTX NN Vĩnh Lợi, Hội Nông dân",
        "Quý II/2022",
        "Báo cáo rà soát",
        "20 triệu",
        "Ưu tiên",
    ]
    assert tasks.landscape and not works.landscape
    assert [r.group for r in works.rows] == [True, False, False]


def test_a_copy_keeps_the_appendices_and_moves_the_period_with_the_year(plan_with_appendix, cast):
    copy = plan_copy(plan=plan_with_appendix, user=cast["editor_a"], year=plan_with_appendix.year + 1)
    assert copy.appendices.get().table == TABLE
    task = copy.tasks.get()
    assert task.period_text == f"Quý II/{plan_with_appendix.year + 1}"
    assert (task.group, task.product, task.extra_columns) == (
        "Củng cố tổ chức",
        "Báo cáo rà soát",
        {"Kinh phí": "20 triệu"},
    )
    assert copy.task_listing == "appendix" and copy.task_appendix_title == "Danh mục nhiệm vụ"


def test_an_authority_typed_on_one_line_is_printed_on_two():
    assert signer_lines("TM. Ủy ban nhân dân KT. Chủ tịch", "Phó Chủ tịch") == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert signer_lines("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")[1] == "KT. CHỦ TỊCH"
