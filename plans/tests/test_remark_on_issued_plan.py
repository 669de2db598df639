"""The district remarks on an issued plan while it is carried out, not only before approval."""


def test_the_district_can_remark_on_an_issued_plan(plan_under_way, cast, login):
    client = login(cast["reviewer"])
    page = client.get(plan_under_way.get_absolute_url()).content.decode()
    assert f'action="/plans/{plan_under_way.pk}/remarks/"' in page
    response = client.post(f"/plans/{plan_under_way.pk}/remarks/", {"body": "Đề nghị báo cáo quý II."})
    assert response.status_code == 302
    assert plan_under_way.remarks.get().body == "Đề nghị báo cáo quý II."
