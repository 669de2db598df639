"""A new plan where the issuer already has one that year: refused with a link
to it, or made as an additional plan with its reason."""

from plans.models import Plan

URL = "/plans/new/"


def post(client, orgs, **extra):
    data = {"issuer": orgs["ubnd_a"].pk, "year": 2022, "title": "Kế hoạch hỗ trợ HTX năm 2022", **extra}
    return client.post(URL, data)


def test_a_second_plan_of_the_year_is_refused_with_a_link_to_the_first(plan_a, cast, login, orgs):
    response = post(login(cast["editor_a"]), orgs)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu được" in html and "autofocus" in html
    assert "UBND xã Vĩnh Lợi đã có kế hoạch năm 2022:" in html
    assert f'<a class="btn btn-sm btn-primary ms-1" href="/plans/{plan_a.pk}/edit/">Mở dự thảo này</a>' in html
    # The form now asks why, and keeps what was typed.
    assert 'name="additional_reason"' in html and "Tạo kế hoạch bổ sung" in html
    assert "Kế hoạch hỗ trợ HTX năm 2022</textarea>" in html
    assert Plan.objects.filter(year=2022).count() == 1


def test_with_the_reason_the_additional_plan_is_made_and_says_so(plan_a, cast, login, orgs):
    client = login(cast["editor_a"])
    response = post(client, orgs, additional_reason="")
    assert "Mỗi cơ quan chỉ có một kế hoạch mỗi năm" in response.content.decode()
    response = post(client, orgs, additional_reason="Kế hoạch bổ sung hỗ trợ chuyển đổi số cho HTX")
    extra = Plan.objects.get(year=2022, additional_reason="Kế hoạch bổ sung hỗ trợ chuyển đổi số cho HTX")
    assert response["Location"] == f"/plans/{extra.pk}/edit/"
    assert "· kế hoạch bổ sung" in client.get(response["Location"]).content.decode()
    html = client.get(extra.get_absolute_url()).content.decode()
    assert "<strong>Kế hoạch bổ sung:</strong> Kế hoạch bổ sung hỗ trợ chuyển đổi số cho HTX" in html


def test_the_first_plan_of_a_year_is_not_asked_for_a_reason(plan_a, cast, login, orgs):
    client = login(cast["editor_a"])
    assert 'name="additional_reason"' not in client.get(URL).content.decode()
    response = post(client, orgs, year=2023, title="Kế hoạch năm 2023")
    assert Plan.objects.get(year=2023).additional_reason == ""
    assert response.status_code == 302
