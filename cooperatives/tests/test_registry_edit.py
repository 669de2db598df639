"""Editing a profile: the commune's editors save with history and a version
check; the cooperative's staff propose, the commune accepts or refuses."""

from cooperatives.models import Cooperative, CooperativeProposal


def _data(coop, **changes):
    data = {
        "registration_code": "4701-HTX-0012",
        "founded_on": "2020-11-20",
        "status": "active",
        "sector": "Nông nghiệp",
        "director": "Nguyễn Văn Minh",
        "member_count": "62",
        "charter_capital": "1500000000",
        "revenue": "2300000000",
        "revenue_year": "2024",
        "services": "Làm đất",
        "phone": "0299 3822 123",
        "address": "Ấp Vĩnh Lợi",
        "version": str(coop.version),
    }
    return data | changes


def test_editor_saves_and_the_history_says_who_changed_what(login, cast, coops):
    coop = coops["a"]
    client = login(cast["editor_a"])
    response = client.post(f"/cooperatives/{coop.pk}/edit/", _data(coop))
    assert response.status_code == 302
    coop.refresh_from_db()
    assert coop.member_count == 62 and coop.version == 2
    response = client.post(f"/cooperatives/{coop.pk}/edit/", _data(coop, member_count="70"))
    html = client.get(f"/cooperatives/{coop.pk}/").content.decode()
    assert "Lịch sử thay đổi" in html
    assert "canbo_a" in html and "62</span> → 70" in html


def test_a_stale_form_is_refused_in_vietnamese_and_keeps_what_was_typed(login, cast, coops):
    coop = coops["a"]
    client = login(cast["editor_a"])
    stale = _data(coop, director="Người thứ hai")
    client.post(f"/cooperatives/{coop.pk}/edit/", _data(coop, director="Người thứ nhất"))
    response = client.post(f"/cooperatives/{coop.pk}/edit/", stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "vừa được người khác sửa" in html and 'value="Người thứ hai"' in html
    coop.refresh_from_db()
    assert coop.director == "Người thứ nhất"


def test_bad_input_is_refused_with_a_message(login, cast, coops):
    coop = coops["a"]
    response = login(cast["editor_a"]).post(
        f"/cooperatives/{coop.pk}/edit/", _data(coop, member_count="-3", phone="abc", revenue_year="")
    )
    html = response.content.decode()
    assert "Giá trị không được âm." in html
    assert "Số điện thoại chỉ gồm chữ số" in html
    assert "Có doanh thu thì hãy ghi năm của doanh thu." in html


def test_district_officer_and_staff_cannot_edit_directly(login, cast, coops):
    coop = coops["a"]
    assert login(cast["reviewer"]).get(f"/cooperatives/{coop.pk}/edit/").status_code == 403
    staff = login(cast["staff_a"])
    assert staff.get(f"/cooperatives/{coop.pk}/edit/").status_code == 403
    assert staff.post(f"/cooperatives/{coop.pk}/edit/", _data(coop)).status_code == 403
    coop.refresh_from_db()
    assert coop.member_count is None


def test_staff_propose_and_the_commune_accepts(login, cast, coops, client):
    coop = coops["a"]
    staff = login(cast["staff_a"])
    assert "Đề xuất cập nhật hồ sơ" in staff.get(f"/cooperatives/{coop.pk}/").content.decode()
    response = staff.post(f"/cooperatives/{coop.pk}/propose/", _data(coop, note="Đại hội thành viên 2025"))
    assert response.status_code == 302
    proposal = CooperativeProposal.objects.get()
    assert proposal.changes["member_count"] == "62"
    coop.refresh_from_db()
    assert coop.member_count is None  # not applied until the commune accepts
    assert staff.post(f"/cooperatives/{coop.pk}/proposals/{proposal.pk}/accept/").status_code == 403
    editor = login(cast["editor_a"])
    assert "Đại hội thành viên 2025" in editor.get(f"/cooperatives/{coop.pk}/").content.decode()
    editor.post(f"/cooperatives/{coop.pk}/proposals/{proposal.pk}/accept/")
    coop.refresh_from_db()
    proposal.refresh_from_db()
    assert coop.member_count == 62 and proposal.status == "accepted"
    assert coop.history.first().history_user == cast["editor_a"]


def test_the_commune_refuses_with_a_reason(login, cast, coops):
    coop = coops["a"]
    login(cast["staff_a"]).post(f"/cooperatives/{coop.pk}/propose/", _data(coop))
    proposal = CooperativeProposal.objects.get()
    editor = login(cast["editor_a"])
    url = f"/cooperatives/{coop.pk}/proposals/{proposal.pk}/refuse/"
    assert "Hãy ghi lý do" in editor.post(url, {"reason": "  "}).content.decode()
    editor.post(url, {"reason": "Số thành viên chưa khớp sổ đăng ký"})
    proposal.refresh_from_db()
    assert proposal.status == "refused" and proposal.reason == "Số thành viên chưa khớp sổ đăng ký"
    html = login(cast["staff_a"]).get(f"/cooperatives/{coop.pk}/").content.decode()
    assert "Số thành viên chưa khớp sổ đăng ký" in html
    assert Cooperative.objects.get(pk=coop.pk).member_count is None


def test_a_proposal_that_changes_nothing_is_refused(login, cast, coops):
    coop = coops["a"]
    coop.registration_code, coop.sector, coop.services = "X", "Nông nghiệp", "Làm đất"
    coop.save()
    staff = login(cast["staff_a"])
    data = {k: v for k, v in _data(coop).items() if k != "version"}
    blank = dict.fromkeys(data, "") | {"status": "active", "registration_code": "X", "founded_on": "2020-11-20"}
    blank |= {"sector": "Nông nghiệp", "services": "Làm đất"}
    html = staff.post(f"/cooperatives/{coop.pk}/propose/", blank).content.decode()
    assert "Đề xuất chưa thay đổi thông tin nào" in html


def test_another_communes_staff_cannot_propose(login, cast, coops):
    assert login(cast["staff_b"]).get(f"/cooperatives/{coops['a'].pk}/propose/").status_code == 404
