import datetime

from plans.outline import date_line, legal_basis_lines, letter, number_line, parse_body, roman


def test_roman_numerals_number_sections():
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 14)] == ["I", "II", "III", "IV", "V", "IX", "XIV"]


def test_points_follow_the_vietnamese_alphabet():
    assert [letter(i) for i in range(7)] == ["a", "b", "c", "d", "đ", "e", "g"]


def test_blank_line_ends_a_paragraph_and_single_breaks_are_soft():
    paras = parse_body("Dòng một\ntiếp tục.\n\nĐoạn hai.")
    assert [(p.text, p.level) for p in paras] == [("Dòng một tiếp tục.", 0), ("Đoạn hai.", 0)]


def test_dash_and_plus_lines_are_items_one_level_apart():
    paras = parse_body("Các nội dung:\n- Một\nhai\n+ Ba\n- Bốn")
    assert [(p.marker, p.text) for p in paras] == [("", "Các nội dung:"), ("-", "Một hai"), ("+", "Ba"), ("-", "Bốn")]


def test_a_date_gets_leading_zeros_on_days_and_only_january_february_months():
    assert date_line("Vĩnh Lợi", datetime.date(2021, 1, 5)) == "Vĩnh Lợi, ngày 05 tháng 01 năm 2021"
    assert date_line("Hà Nội", datetime.date(2019, 6, 29)) == "Hà Nội, ngày 29 tháng 6 năm 2019"
    assert date_line("Hà Nội", datetime.date(2020, 2, 9)) == "Hà Nội, ngày 09 tháng 02 năm 2020"
    assert date_line("Hà Nội", datetime.date(2020, 12, 1)) == "Hà Nội, ngày 01 tháng 12 năm 2020"


def test_a_draft_leaves_the_date_and_number_blank():
    assert "ngày" in date_line("Vĩnh Lợi", None) and "2021" not in date_line("Vĩnh Lợi", None)
    assert number_line(None, "KH-UBND").replace(" ", "") == "Số:/KH-UBND"
    assert number_line(5, "KH-UBND") == "Số: 05/KH-UBND"
    assert number_line(18, "KH-UBND") == "Số: 18/KH-UBND"


def test_legal_bases_end_with_semicolons_and_the_last_with_a_period():
    assert legal_basis_lines(["Căn cứ A.", "Thực hiện B", "Căn cứ C;"]) == ["Căn cứ A;", "Thực hiện B;", "Căn cứ C."]


def test_an_untitled_objective_among_titled_ones_carries_its_number_in_its_first_paragraph(plan_a):
    from plans.models import Plan
    from plans.outline import build_outline, prefetch_plan_text

    plan_a.objectives.create(position=0, title="Mục tiêu chung", body="Nâng cao chất lượng.")
    plan_a.objectives.create(position=1, title="", body="Tạo điều kiện cho HTX.\n\nĐoạn hai.")
    outline = build_outline(prefetch_plan_text(Plan.objects.filter(pk=plan_a.pk)).get())
    objectives = outline.sections[0].items
    assert (objectives[0].number, objectives[0].title) == ("1.", "Mục tiêu chung")
    assert objectives[1].number == "" and objectives[1].title == ""
    assert [p.text for p in objectives[1].paras] == ["2. Tạo điều kiện cho HTX.", "Đoạn hai."]


def test_extra_sections_stand_where_the_document_put_them(plan_a):
    from plans.models import Plan
    from plans.outline import build_outline, prefetch_plan_text

    plan_a.objectives.create(position=0, title="Mục đích", body="Nâng cao.")
    plan_a.funding_body = "Ngân sách xã."
    plan_a.save()
    plan_a.extra_sections.create(position=0, heading="Tổ chức thực hiện", body="Giao Phòng Kinh tế.", after="tasks")
    plan_a.extra_sections.create(position=1, heading="Đặc điểm tình hình", body="Xã có 3 HTX.", after="start")
    plan_a.extra_sections.create(position=2, heading="Chế độ báo cáo", body="Hằng quý.")
    outline = build_outline(prefetch_plan_text(Plan.objects.filter(pk=plan_a.pk)).get())
    assert [(s.number, s.key, s.heading) for s in outline.sections] == [
        ("I.", "extra", "Đặc điểm tình hình"),
        ("II.", "objectives", plan_a.objectives_heading),
        ("III.", "tasks", plan_a.tasks_heading),
        ("IV.", "extra", "Tổ chức thực hiện"),
        ("V.", "funding", plan_a.funding_heading),
        ("VI.", "extra", "Chế độ báo cáo"),
    ]
