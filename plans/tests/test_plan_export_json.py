import json

import pytest

from plans.interchange.export import plan_to_dict

# The interchange format read back, without the rule of one live plan a year
# (plans/services/authoring.py), which these round trips would break.
from plans.interchange.load import plan_import
from plans.models import Plan
from plans.outline import prefetch_plan_text


def export(plan) -> dict:
    return plan_to_dict(prefetch_plan_text(Plan.objects.filter(pk=plan.pk)).get())


@pytest.fixture
def full_plan(plan_a, coops, orgs):
    plan_a.preamble = "Ủy ban nhân dân xã xây dựng kế hoạch như sau:"
    plan_a.funding_body = "Ngân sách xã."
    plan_a.closing = "Trên đây là kế hoạch."
    plan_a.signer_name = "Nguyễn Văn A"
    plan_a.save()
    plan_a.legal_bases.create(position=0, text="Căn cứ Luật Hợp tác xã năm 2023;")
    plan_a.objectives.create(position=0, title="Mục tiêu chung", body="Nâng cao.\n\n- Một\n+ Hai")
    task = plan_a.tasks.get()
    task.body = "Thử nghiệm 50 ha."
    task.lead_unit = "UBND xã"
    task.partner_units = "HTX NN Vĩnh Lợi\nTrạm Khuyến nông"
    task.indicator_name = "Diện tích"
    task.indicator_target = 50
    task.indicator_unit = "ha"
    task.due_on = "2022-12-31"
    task.start_on = "2022-01-01"
    task.weight = 3
    task.save()
    parent = plan_a.solutions.create(position=0, title="Thể chế và chính sách")
    plan_a.solutions.create(position=0, parent=parent, title="Về thể chế", body="Kiện toàn.")
    plan_a.extra_sections.create(position=0, heading="Tổ chức thực hiện", body="Giao cán bộ nông nghiệp.")
    plan_a.recipients.create(position=0, label="Phòng NN&PTNT", organization=orgs["office"], purpose="để báo cáo")
    plan_a.recipients.create(position=1, label="Lưu: VT, VP", is_archive=True)
    return plan_a


def test_export_then_import_gives_the_same_plan(full_plan, orgs):
    data = export(full_plan)
    copy = plan_import(data=data, issuer=orgs["ubnd_a"])
    assert export(copy) == data


def test_export_json_view_serves_the_interchange_format(full_plan, cast, login):
    response = login(cast["reviewer"]).get(f"/plans/{full_plan.pk}/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["format"] == "htxplan.plan/1"
    assert data["number"] is None and data["date"] is None
    assert data["tasks"]["items"][0]["indicator"] == {"name": "Diện tích", "target": 50, "unit": "ha"}
    assert data["tasks"]["items"][0]["partners"] == ["HTX NN Vĩnh Lợi", "Trạm Khuyến nông"]
    assert data["recipients"][0]["organization"] == "Phòng NN&PTNT huyện"
    assert data["extra_sections"] == [
        {"heading": "Tổ chức thực hiện", "body": "Giao cán bộ nông nghiệp.", "after": "funding"}
    ]


def test_export_json_is_refused_to_outsiders(full_plan, cast, login, client):
    assert client.get(f"/plans/{full_plan.pk}/export.json").status_code == 302
    assert login(cast["editor_b"]).get(f"/plans/{full_plan.pk}/export.json").status_code == 404


def test_import_refuses_a_file_of_another_format(orgs):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="định dạng"):
        plan_import(data={"format": "other"}, issuer=orgs["ubnd_a"])
    assert not Plan.objects.exists()


def test_import_refuses_a_bad_date_and_saves_nothing(orgs):
    from django.core.exceptions import ValidationError

    data = {"format": "htxplan.plan/1", "title": "Kế hoạch", "year": 2022,
            "tasks": {"items": [{"title": "Một", "due": "31/12/2022"}]}}  # fmt: skip
    with pytest.raises(ValidationError, match="không hợp lệ"):
        plan_import(data=data, issuer=orgs["ubnd_a"])
    assert not Plan.objects.exists()


def test_an_extra_section_keeps_its_place_through_export_and_import(full_plan, orgs):
    full_plan.extra_sections.update(after="tasks")
    full_plan.extra_sections.create(position=1, heading="Mở đầu", body="Bối cảnh.", after="start")
    data = export(full_plan)
    assert [(e["heading"], e["after"]) for e in data["extra_sections"]] == [
        ("Tổ chức thực hiện", "tasks"),
        ("Mở đầu", "start"),
    ]
    copy = plan_import(data=data, issuer=orgs["ubnd_a"])
    assert export(copy) == data


def test_an_older_file_without_the_place_of_its_extra_sections_puts_them_after_the_funding(full_plan, orgs):
    data = export(full_plan)
    for extra in data["extra_sections"]:
        del extra["after"]
    copy = plan_import(data=data, issuer=orgs["ubnd_a"])
    assert [e.after for e in copy.extra_sections.all()] == ["funding"]


def test_an_unknown_place_of_an_extra_section_is_refused_in_vietnamese(full_plan, orgs):
    from django.core.exceptions import ValidationError

    data = export(full_plan)
    data["extra_sections"][0]["after"] = "cuối"
    count = Plan.objects.count()
    with pytest.raises(ValidationError, match="vị trí “cuối” không hợp lệ"):
        plan_import(data=data, issuer=orgs["ubnd_a"])
    assert Plan.objects.count() == count


def test_import_refuses_a_run_of_characters_with_no_space_and_saves_nothing(orgs):
    from django.core.exceptions import ValidationError

    data = {"format": "htxplan.plan/1", "title": "Kế hoạch", "year": 2022, "preamble": "a" * 5000}
    with pytest.raises(ValidationError, match="Lời mở đầu: Có một chuỗi 5000 ký tự"):
        plan_import(data=data, issuer=orgs["ubnd_a"])
    assert not Plan.objects.exists()
