import re
import unicodedata

import pytest

from plans.models import Plan, Task


def page_version(html: str) -> str:
    tag = re.search(r'<input[^>]*id="plan-version"[^>]*>', html).group(0)
    return re.search(r'value="(\d+)"', tag).group(1)


def edit_url(plan):
    return f"/plans/{plan.pk}/edit/"


def test_editor_creates_a_draft_from_the_empty_form(cast, login, orgs, coops):
    client = login(cast["editor_a"])
    page = client.get("/plans/new/").content.decode()
    assert "Soạn kế hoạch mới" in page
    response = client.post(
        "/plans/new/",
        {
            "issuer": orgs["ubnd_a"].pk,
            "year": 2023,
            "title": "Kế hoạch hỗ trợ HTX năm 2023",
            "cooperatives": [coops["a"].pk],
        },
    )
    plan = Plan.objects.get(title="Kế hoạch hỗ trợ HTX năm 2023")
    assert response["Location"] == edit_url(plan)
    assert plan.issuer_name == "ỦY BAN NHÂN DÂN XÃ VĨNH LỢI"
    assert plan.governing_body == "UBND HUYỆN CHÂU THÀNH"
    assert plan.place == "Vĩnh Lợi" and plan.symbol == "KH-UBND"
    assert list(plan.cooperatives.all()) == [coops["a"]]
    assert plan.history.first().history_user == cast["editor_a"]


def test_an_empty_title_is_refused_beside_the_field_and_the_year_is_kept(cast, login, orgs):
    response = login(cast["editor_a"]).post("/plans/new/", {"issuer": orgs["ubnd_a"].pk, "year": 2031, "title": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy nhập trích yếu" in html and 'value="2031"' in html
    assert not Plan.objects.filter(year=2031).exists()


@pytest.mark.parametrize("year", [1990, 2101])
def test_a_year_out_of_range_is_refused_beside_the_field_in_vietnamese(cast, login, orgs, year):
    data = {"issuer": orgs["ubnd_a"].pk, "year": year, "title": "Kế hoạch hỗ trợ HTX"}
    response = login(cast["editor_a"]).post("/plans/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Constraint" not in html
    error = re.search(r'id="div_id_year".*?</div>\s*</div>', html, re.S).group(0)
    assert "Năm phải trong khoảng 2000–2100." in error
    assert "Kế hoạch hỗ trợ HTX</textarea>" in html
    assert not Plan.objects.filter(title="Kế hoạch hỗ trợ HTX").exists()


@pytest.mark.parametrize("who", ["approver_a", "reviewer", "staff_a", "outsider"])
def test_only_editors_may_create_plans(cast, login, who):
    assert login(cast[who]).get("/plans/new/").status_code == 403


def test_edit_page_shows_every_part(plan_a, cast, login):
    html = login(cast["editor_a"]).get(edit_url(plan_a)).content.decode()
    for text in [
        "Đầu văn bản",
        "Thêm căn cứ",
        "Thêm mục tiêu",
        "Thêm nhiệm vụ",
        "Phun thuốc bằng drone",
        "Thêm giải pháp",
        "Thêm nơi nhận",
        "Người ký",
        'id="plan-version"',
    ]:
        assert text in html, text


def test_saving_the_header_bumps_the_version(plan_a, cast, login):
    data = {
        "version": plan_a.version,
        "title": "Tên mới năm 2022",
        "year": 2022,
        "issuer_name": plan_a.issuer_name,
        "place": "Vĩnh Lợi",
        "objectives_heading": "Mục đích, yêu cầu",
        "tasks_heading": "Nhiệm vụ",
        "solutions_heading": "Giải pháp",
        "funding_heading": "Kinh phí",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN XÃ",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn A",
    }
    response = login(cast["editor_a"]).post(edit_url(plan_a), data)
    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert plan_a.title == "Tên mới năm 2022" and plan_a.objectives_heading == "Mục đích, yêu cầu"
    assert plan_a.version == 2
    assert "ten moi nam 2022" in plan_a.search_text


def test_a_stale_save_is_refused_shows_the_other_change_and_keeps_the_typing(plan_a, cast, login, client):
    from plans import services

    services.plan_part_update(
        part=plan_a.tasks.get(),
        user=cast["approver_a"],
        version=1,
        fields={"title": "Phun thuốc bằng máy bay không người lái"},
    )
    data = {
        "version": 1,
        "title": "Tiêu đề tôi vừa gõ",
        "year": 2022,
        "issuer_name": "X",
        "place": "Y",
        "objectives_heading": "a",
        "tasks_heading": "b",
        "solutions_heading": "c",
        "funding_heading": "d",
    }
    response = login(cast["editor_a"]).post(edit_url(plan_a), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "vừa được người khác sửa" in html
    assert "Phun thuốc bằng drone" in html and "Phun thuốc bằng máy bay không người lái" in html
    assert "Tiêu đề tôi vừa gõ" in html
    assert page_version(html) == "2"
    plan_a.refresh_from_db()
    assert plan_a.title != "Tiêu đề tôi vừa gõ"


def test_adding_a_task_with_due_before_start_shows_the_message_and_keeps_the_input(plan_a, cast, login):
    client = login(cast["editor_a"])
    response = client.post(
        f"/plans/{plan_a.pk}/parts/task/add/",
        {
            "version": 1,
            "new-task-title": "Tập huấn",
            "new-task-weight": 1,
            "new-task-start_on": "2022-05-01",
            "new-task-due_on": "2022-04-01",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "không được trước ngày bắt đầu" in html
    assert 'value="Tập huấn"' in html
    assert plan_a.tasks.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight", "-3", "Trọng số phải từ 1 trở lên."),
        ("weight", "100000000000000000000", "Trọng số tối đa là 100."),
        ("indicator_target", "-5", "Giá trị mục tiêu không được âm."),
    ],
)
def test_task_numbers_out_of_range_are_explained_in_task_words(plan_a, cast, login, field, value, message):
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/task/add/",
        {"version": 1, "new-task-title": "Tập huấn", "new-task-indicator_name": "Số lớp", f"new-task-{field}": value},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert message in html
    assert "Đảm bảo giá trị này" not in html
    assert plan_a.tasks.count() == 1


def test_parts_are_added_moved_and_deleted_in_place(plan_a, cast, login):
    client = login(cast["editor_a"])
    url = f"/plans/{plan_a.pk}/parts/task/add/"
    response = client.post(
        url, {"version": 1, "new-task-title": "Nhiệm vụ hai", "new-task-weight": 2}, HTTP_HX_REQUEST="true"
    )
    assert page_version(response.content.decode()) == "2"
    second = plan_a.tasks.get(title="Nhiệm vụ hai")
    client.post(
        f"/plans/{plan_a.pk}/parts/task/{second.pk}/move/", {"version": 2, "direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert [t.title for t in plan_a.tasks.all()] == ["Nhiệm vụ hai", "Phun thuốc bằng drone"]
    response = client.post(f"/plans/{plan_a.pk}/parts/task/{second.pk}/delete/", {"version": 3})
    assert response.status_code == 302
    assert [t.title for t in plan_a.tasks.all()] == ["Phun thuốc bằng drone"]
    plan_a.refresh_from_db()
    assert plan_a.version == 4


def test_a_part_edit_form_opens_in_place_and_saves(plan_a, cast, login):
    client = login(cast["editor_a"])
    task = plan_a.tasks.get()
    html = client.get(f"/plans/{plan_a.pk}/parts/task/{task.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert f'name="task-{task.pk}-title"' in html
    client.post(
        f"/plans/{plan_a.pk}/parts/task/{task.pk}/",
        {"version": 1, f"task-{task.pk}-title": "Đổi tên", f"task-{task.pk}-weight": 3},
        HTTP_HX_REQUEST="true",
    )
    task.refresh_from_db()
    assert task.title == "Đổi tên" and task.weight == 3


def test_a_recipient_takes_the_organisation_name_when_no_label_is_typed(plan_a, cast, login, orgs):
    client = login(cast["editor_a"])
    client.post(
        f"/plans/{plan_a.pk}/parts/recipient/add/", {"version": 1, "new-recipient-organization": orgs["office"].pk}
    )
    client.post(
        f"/plans/{plan_a.pk}/parts/recipient/add/",
        {"version": 2, "new-recipient-label": "Lưu: VT, VP", "new-recipient-is_archive": "on"},
    )
    assert [(r.label, r.is_archive) for r in plan_a.recipients.all()] == [
        ("Phòng NN&PTNT huyện", False),
        ("Lưu: VT, VP", True),
    ]


def test_sub_solutions_hang_under_their_solution(plan_a, cast, login):
    client = login(cast["editor_a"])
    client.post(f"/plans/{plan_a.pk}/parts/solution/add/", {"version": 1, "new-solution-title": "Thực hiện chính sách"})
    parent = plan_a.solutions.get()
    client.post(
        f"/plans/{plan_a.pk}/parts/solution/add/",
        {"version": 2, "parent": parent.pk, f"new-solution-{parent.pk}-title": "Về thể chế"},
    )
    html = client.get(plan_a.get_absolute_url()).content.decode()
    assert "1. Thực hiện chính sách" in html and "a) Về thể chế" in html


def test_a_parent_id_that_is_not_a_number_is_not_found_rather_than_an_error(plan_a, cast, login):
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/solution/add/",
        {"version": 1, "parent": "abc", "new-solution-title": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 404
    assert not plan_a.solutions.exists()


@pytest.mark.parametrize("who", ["approver_a", "reviewer"])
def test_readers_get_403_on_edit(plan_a, cast, login, who):
    client = login(cast[who])
    assert client.get(edit_url(plan_a)).status_code == 403
    assert client.post(f"/plans/{plan_a.pk}/parts/task/add/", {"version": 1, "new-task-title": "x"}).status_code == 403


@pytest.mark.parametrize("who", ["editor_b", "outsider", "staff_a"])
def test_others_get_404_on_edit(plan_a, cast, login, who):
    assert login(cast[who]).get(edit_url(plan_a)).status_code == 404


def test_anonymous_is_sent_to_login(plan_a, client):
    assert client.get(edit_url(plan_a))["Location"].startswith("/login/")


def test_an_issued_plan_cannot_be_edited(plan_a, cast, login):
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=1, issued_on="2022-01-05")
    client = login(cast["editor_a"])
    assert client.get(edit_url(plan_a)).status_code == 403
    task = plan_a.tasks.get()
    assert client.post(f"/plans/{plan_a.pk}/parts/task/{task.pk}/delete/", {"version": 1}).status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()


def test_edit_page_query_count_does_not_grow_with_parts(plan_a, cast, login, django_assert_max_num_queries):
    client = login(cast["editor_a"])
    for i in range(25):
        plan_a.tasks.create(position=i + 1, title=f"Nhiệm vụ {i}")
        parent = plan_a.solutions.create(position=i, title=f"Giải pháp {i}")
        plan_a.solutions.create(position=0, parent=parent, title="ý con")
        plan_a.recipients.create(position=i, label=f"Nơi {i}")
    with django_assert_max_num_queries(25):
        assert client.get(edit_url(plan_a)).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/plans/new/", "/plans/import/"])
def test_the_new_plan_pages_do_not_scroll_sideways_on_a_phone(cast, phone_page, browser_login, url):
    browser_login(phone_page, cast["editor_a"])
    phone_page.goto(url)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_extra_section_is_placed_with_a_select_of_vietnamese_positions(plan_a, cast, login):
    client = login(cast["editor_a"])
    html = client.get(f"/plans/{plan_a.pk}/edit/").content.decode()
    assert 'name="new-extra-after"' in html
    assert "Sau phần nhiệm vụ" in html and "Trước mục tiêu (đầu nội dung)" in html
    client.post(
        f"/plans/{plan_a.pk}/parts/extra/add/",
        {"version": 1, "new-extra-heading": "Tổ chức thực hiện", "new-extra-after": "tasks", "new-extra-body": "Giao."},
    )
    extra = plan_a.extra_sections.get()
    assert (extra.heading, extra.after) == ("Tổ chức thực hiện", "tasks")
    plan_a.funding_body = "Ngân sách xã."
    plan_a.save()
    page = client.get(f"/plans/{plan_a.pk}/").content.decode()
    assert page.index("II. TỔ CHỨC THỰC HIỆN") < page.index(f"III. {plan_a.funding_heading.upper()}")


def test_text_typed_with_separate_tone_marks_is_stored_nfc(plan_a, cast, login):
    # "Kế hoạch hỗ trợ" as a browser or a pasted PDF may send it: letters and combining marks apart.
    decomposed = unicodedata.normalize("NFD", "Kế hoạch hỗ trợ hợp tác xã")
    client = login(cast["editor_a"])
    data = {
        "version": 1,
        "title": decomposed,
        "year": 2022,
        "issuer_name": plan_a.issuer_name,
        "place": "Vĩnh Lợi",
        "preamble": decomposed,
        "objectives_heading": "Mục tiêu",
        "tasks_heading": "Nhiệm vụ",
        "solutions_heading": "Giải pháp",
        "funding_heading": "Kinh phí",
    }
    assert client.post(edit_url(plan_a), data).status_code == 302
    client.post(
        f"/plans/{plan_a.pk}/parts/task/add/",
        {"version": 2, "new-task-title": decomposed, "new-task-lead_unit": decomposed, "new-task-weight": 1},
        HTTP_HX_REQUEST="true",
    )
    plan_a.refresh_from_db()
    task = plan_a.tasks.get(position=1)
    assert plan_a.title == plan_a.preamble == "Kế hoạch hỗ trợ hợp tác xã"
    assert task.title == task.lead_unit == "Kế hoạch hỗ trợ hợp tác xã"


def test_a_run_of_characters_with_no_space_is_refused_and_the_text_kept(plan_a, cast, login):
    # Such a "word" cannot be laid out on A4 and ties up the PDF renderer.
    body = "Tuyên truyền " + "x" * 250
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/objective/add/",
        {"version": 1, "new-objective-title": "Mục tiêu", "new-objective-body": body},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Có một chuỗi 250 ký tự liền nhau không có khoảng trắng" in html
    assert "x" * 250 in html  # what was typed is still in the form
    assert not plan_a.objectives.exists()


def test_a_body_of_37000_characters_is_kept_and_one_past_the_limit_is_refused(plan_a, cast, login):
    # A real report had a section of 36,599 characters: that is an ordinary document.
    long = ("Hợp tác xã tiếp tục củng cố tổ chức, mở rộng dịch vụ cho thành viên. " * 600)[:37_000]
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/objective/add/",
        {"version": 1, "new-objective-title": "Mục tiêu", "new-objective-body": long},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert plan_a.objectives.get().body == long.strip()
    body = "Nội dung dài. " * 15_000
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/objective/add/",
        {"version": 2, "new-objective-title": "Mục tiêu", "new-objective-body": body},
        HTTP_HX_REQUEST="true",
    )
    assert "vượt mức 200000 ký tự" in response.content.decode().replace("\xa0", "").replace(".", "").replace(",", "")
    assert plan_a.objectives.count() == 1
