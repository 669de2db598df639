"""A refused save of the edit page, in sight: a summary at the top with a
link to each field in error, focused on load, and nothing typed lost."""

import re

from plans.models import MAX_BODY_CHARS, Plan


def general(plan, **changes):
    data = {
        "version": plan.version,
        "title": plan.title,
        "year": plan.year,
        "issuer_name": plan.issuer_name,
        "place": plan.place,
        "objectives_heading": "Mục tiêu",
        "tasks_heading": "Nhiệm vụ",
        "solutions_heading": "Giải pháp",
        "funding_heading": "Kinh phí hoạt động",
    }
    data.update(changes)
    return data


def summary(html: str) -> str:
    return re.search(r'<div id="form-errors".*?</div>', html, re.S).group(0)


def test_a_funding_text_past_the_limit_is_refused_with_a_summary_linking_the_field(plan_a, cast, login):
    funding = ("Kinh phí từ ngân sách xã và vốn đối ứng của HTX. " * 4200)[: MAX_BODY_CHARS + 999] + "."
    assert len(funding) == MAX_BODY_CHARS + 1000 and not funding[-1].isspace()
    response = login(cast["editor_a"]).post(f"/plans/{plan_a.pk}/edit/", general(plan_a, funding_body=funding))
    html = response.content.decode()
    box = summary(html)
    assert 'role="alert" tabindex="-1" autofocus' in box
    assert "Chưa lưu được: hãy sửa những chỗ dưới đây rồi lưu lại." in box
    assert '<a href="#id_funding_body" class="alert-link">Kinh phí</a>: Đoạn văn bản dài' in box
    digits = re.sub(r"[\s.,\xa0]", "", box)
    assert f"dài{MAX_BODY_CHARS + 1000}kýtựvượtmức{MAX_BODY_CHARS}kýtự" in digits
    # The summary comes before the first card of the page, and the text typed is all still there.
    assert html.index('id="form-errors"') < html.index('id="phan-dau"')
    assert funding in html
    assert Plan.objects.get(pk=plan_a.pk).funding_body == "" and Plan.objects.get(pk=plan_a.pk).version == 1


def test_an_empty_title_and_a_bad_year_are_each_listed(plan_a, cast, login):
    response = login(cast["editor_a"]).post(f"/plans/{plan_a.pk}/edit/", general(plan_a, title=" ", year="hai"))
    box = summary(response.content.decode())
    assert '<a href="#id_title" class="alert-link">Trích yếu (tên kế hoạch)</a>: Hãy nhập trích yếu' in box
    assert '<a href="#id_year" class="alert-link">Năm</a>' in box


def test_a_task_posted_without_htmx_with_a_wrong_date_and_no_title_is_summed_up(plan_a, cast, login):
    data = {"version": 1, "new-task-title": "", "new-task-start_on": "2022-02-30",
            "new-task-body": "Tập huấn cho 30 thành viên", "new-task-weight": 1}  # fmt: skip
    response = login(cast["editor_a"]).post(f"/plans/{plan_a.pk}/parts/task/add/", data)
    html = response.content.decode()
    box = summary(html)
    assert '<a href="#id_new-task-title" class="alert-link">Tên nhiệm vụ</a>: Hãy nhập tên nhiệm vụ.' in box
    assert '<a href="#id_new-task-start_on" class="alert-link">Ngày bắt đầu</a>' in box
    assert "Tập huấn cho 30 thành viên</textarea>" in html
    assert 'id="id_new-task-title"' in html and plan_a.tasks.count() == 1


def test_an_item_edited_without_htmx_keeps_its_typing_under_the_summary(plan_a, cast, login):
    task = plan_a.tasks.get()
    prefix = f"task-{task.pk}"
    data = {"version": 1, f"{prefix}-title": "Phun thuốc", f"{prefix}-due_on": "ngày mai", f"{prefix}-weight": 1}
    response = login(cast["editor_a"]).post(f"/plans/{plan_a.pk}/parts/task/{task.pk}/", data)
    html = response.content.decode()
    assert f'<a href="#id_{prefix}-due_on" class="alert-link">Hạn hoàn thành</a>' in summary(html)
    assert 'value="ngày mai"' in html


def test_a_saved_page_has_no_summary(plan_a, cast, login):
    client = login(cast["editor_a"])
    response = client.post(f"/plans/{plan_a.pk}/edit/", general(plan_a, funding_body="Ngân sách xã."), follow=True)
    html = response.content.decode()
    assert "Đã lưu thông tin chung." in html and 'id="form-errors"' not in html


def test_the_create_page_sums_up_its_refusal_too(cast, login, orgs):
    response = login(cast["editor_a"]).post("/plans/new/", {"issuer": orgs["ubnd_a"].pk, "year": 2031, "title": " "})
    assert '<a href="#id_title" class="alert-link">Trích yếu (tên kế hoạch)</a>' in summary(response.content.decode())


def test_moving_the_plan_to_a_year_that_has_a_plan_is_refused_on_the_year_with_a_link(plan_a, cast, login):
    from plans import services

    other = services.plan_create(user=cast["editor_a"], issuer=plan_a.issuer, year=2023, title="Kế hoạch năm 2023")
    client = login(cast["editor_a"])
    html = client.post(f"/plans/{other.pk}/edit/", general(other, year=2022)).content.decode()
    assert '<a href="#id_year" class="alert-link">Năm</a>: UBND xã Vĩnh Lợi đã có kế hoạch' in summary(html)
    assert f'<a class="btn btn-sm btn-primary ms-1" href="/plans/{plan_a.pk}/edit/">Mở dự thảo này</a>' in html
    assert 'name="additional_reason"' in html  # the way to make it an additional plan
    assert Plan.objects.get(pk=other.pk).year == 2023
    response = client.post(f"/plans/{other.pk}/edit/", general(other, year=2022, additional_reason="Bổ sung"))
    assert response.status_code == 302
    assert Plan.objects.get(pk=other.pk).additional_reason == "Bổ sung"
