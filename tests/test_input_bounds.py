"""Ids and numbers out of every range are answered as a missing page or a
form error in Vietnamese, on SQLite (the embedded default) as on PostgreSQL;
never a server error."""

import pytest

pytestmark = pytest.mark.django_db
HUGE = str(10**30)


@pytest.mark.parametrize(
    "url",
    [f"/plans/{HUGE}/", f"/plans/{HUGE}/edit/", f"/tasks/{HUGE}/", f"/reports/{HUGE}/", f"/inbox/{HUGE}/open"],
)
def test_an_id_past_every_integer_is_a_missing_page(client, cast, url):
    client.force_login(cast["editor_a"])
    assert client.get(url).status_code == 404


def test_a_cooperative_id_past_every_integer_is_a_form_error(client, cast, orgs):
    client.force_login(cast["editor_a"])
    response = client.post(
        "/plans/new/",
        {"issuer": orgs["ubnd_a"].pk, "year": "2026", "title": "Kế hoạch", "cooperatives": [HUGE]},
    )
    assert response.status_code == 200
    assert f"Hãy chọn một lựa chọn hợp lệ. {HUGE} không phải là một trong các lựa chọn" in response.content.decode()


def test_a_list_filter_with_ids_past_every_integer_still_lists(client, cast, plan_a):
    client.force_login(cast["editor_a"])
    response = client.get(f"/plans/?issuer={HUGE}&cooperative={HUGE}")
    assert response.status_code == 200
