from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Plan

URL = "/plans/import/"
DATA = Path(__file__).resolve().parent / "data"
SEED_TXT = Path("/work/shared/seed/000_af080740edf4b67f.txt")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def preview(client, orgs, path: Path):
    return client.post(URL, {"file": upload(path.name, path.read_bytes()), "issuer": orgs["ubnd_a"].pk})


def test_an_editor_previews_the_file_side_by_side_then_saves_a_draft(cast, login, orgs):
    client = login(cast["editor_a"])
    response = preview(client, orgs, DATA / "tanhoa_2024.txt")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lưu thành dự thảo" in html
    assert "Tệp gốc" in html and "Kết quả đọc được" in html
    assert "3 căn cứ · 2 mục tiêu · 3 nhiệm vụ · 2 giải pháp · 6 nơi nhận" in html
    assert "PHÓ CHỦ TỊCH" in html and "Trần Văn Bình" in html
    assert Plan.objects.count() == 0  # nothing saved before the editor says so

    token = response.context["token"]
    response = client.post(URL, {"token": token})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.status == Plan.Status.DRAFT and plan.issuer == orgs["ubnd_a"] and plan.created_by == cast["editor_a"]
    assert plan.title == "Phát triển kinh tế tập thể, hợp tác xã trên địa bàn xã Tân Hòa năm 2024"
    assert plan.tasks.count() == 3 and plan.recipients.count() == 6
    assert plan.signer_title == "PHÓ CHỦ TỊCH"
    # The token is spent: a second click does not make a second plan.
    response = client.post(URL, {"token": token}, follow=True)
    assert Plan.objects.count() == 1
    assert "hết hạn hoặc đã được lưu" in response.content.decode()


@pytest.mark.skipif(not SEED_TXT.exists(), reason="the shared seed file is not on this machine")
def test_the_preview_highlights_the_repaired_words_on_both_sides(cast, login, orgs):
    html = preview(login(cast["editor_a"]), orgs, SEED_TXT).content.decode()
    assert 'title="Dấu thanh đặt sai chỗ: “đươc̣” → “được”">đươc̣</mark>' in html
    assert '<mark class="import-repair">hộ gia</mark>' in html
    assert '<mark class="import-repair">ưu</mark>' in html
    # Only the words that were mended: the legal bases' "về việc" was right all along.
    assert "về việc củng cố" in html and 'về <mark class="import-repair">việc</mark> củng cố' not in html
    assert html.count('<mark class="import-repair">việc</mark>') == 2  # the two "viêc̣" of the source
    assert "<td><code>hô ̣gia</code></td><td><code>hộ gia</code></td><td>79</td>" in html


@pytest.mark.skipif(not SEED_TXT.exists(), reason="the shared seed file is not on this machine")
def test_a_file_without_a_header_takes_it_from_the_chosen_issuer(cast, login, orgs):
    client = login(cast["editor_a"])
    response = preview(client, orgs, SEED_TXT)
    assert "Tệp không ghi tên cơ quan, cơ quan chủ quản, địa danh, ký hiệu" in response.content.decode()
    client.post(URL, {"token": response.context["token"]})
    plan = Plan.objects.get()
    assert (plan.issuer_name, plan.governing_body) == ("ỦY BAN NHÂN DÂN XÃ VĨNH LỢI", "UBND HUYỆN CHÂU THÀNH")
    assert (plan.place, plan.symbol, plan.year) == ("Vĩnh Lợi", "KH-UBND", 2021)
    assert plan.legal_bases.count() == 2 and plan.tasks.count() == 4 and plan.recipients.count() == 6


def test_the_issuer_list_holds_only_organisations_the_user_edits(cast, login, orgs):
    html = login(cast["editor_a"]).get(URL).content.decode()
    assert "Ủy ban nhân dân xã Vĩnh Lợi" in html or "UBND xã Vĩnh Lợi" in html
    assert "Phú Tân" not in html


def test_an_issuer_the_user_does_not_edit_is_refused(cast, login, orgs):
    path = DATA / "tanhoa_2024.txt"
    response = login(cast["editor_a"]).post(
        URL, {"file": upload(path.name, path.read_bytes()), "issuer": orgs["ubnd_b"].pk}
    )
    assert response.status_code == 400
    assert Plan.objects.count() == 0


def test_a_bad_file_gets_a_vietnamese_message_beside_the_field_and_nothing_is_saved(cast, login, orgs):
    response = login(cast["editor_a"]).post(
        URL, {"file": upload("bang.xlsx", b"PK\x03\x04"), "issuer": orgs["ubnd_a"].pk}
    )
    assert response.status_code == 400
    assert "Chỉ nhận tệp Word (.docx), văn bản (.txt)" in response.content.decode()
    assert Plan.objects.count() == 0


def test_a_file_over_the_limit_is_refused(cast, login, orgs):
    big = upload("ke-hoach.txt", b"a" * (5 * 1024 * 1024 + 10))
    response = login(cast["editor_a"]).post(URL, {"file": big, "issuer": orgs["ubnd_a"].pk})
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()


def test_the_size_of_a_file_over_the_limit_is_written_the_vietnamese_way(cast, login, orgs, client, settings):
    big = upload("ke-hoach.txt", b"a" * int(5.7 * 1024 * 1024))
    html = login(cast["editor_a"]).post(URL, {"file": big, "issuer": orgs["ubnd_a"].pk}).content.decode()
    assert "Tệp quá lớn (5,7 MB); chỉ nhận tệp đến 5 MB." in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    big.seek(0)
    html = client.post(URL, {"file": big, "issuer": orgs["ubnd_a"].pk}).content.decode()
    assert "The file is too large (5.7 MB); only files up to 5 MB are accepted." in html


def test_a_token_from_another_session_is_worthless(cast, login, orgs, client):
    response = preview(login(cast["editor_a"]), orgs, DATA / "tanhoa_2024.txt")
    token = response.context["token"]
    client.logout()
    other = login(cast["editor_b"])
    response = other.post(URL, {"token": token})
    assert response.status_code == 302 and Plan.objects.count() == 0


def test_a_plan_the_service_refuses_is_not_half_saved(cast, login, orgs, monkeypatch):
    client = login(cast["editor_a"])
    token = preview(client, orgs, DATA / "tanhoa_2024.txt").context["token"]
    session = client.session
    session["plan_imports"][token]["data"]["tasks"]["items"][1]["title"] = ""
    session.save()
    response = client.post(URL, {"token": token})
    assert response.status_code == 400
    assert "chưa có tên nhiệm vụ" in response.content.decode()
    assert Plan.objects.count() == 0


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["approver_a", "staff_a", "reviewer", "outsider"])
def test_users_who_edit_no_plans_are_refused(cast, login, who):
    assert login(cast[who]).get(URL).status_code == 403
    assert login(cast[who]).post(URL, {"token": "x"}).status_code == 403


def test_the_plan_list_links_to_the_import_for_editors_only(cast, login):
    assert URL in login(cast["editor_a"]).get("/plans/").content.decode()
    assert URL not in login(cast["reviewer"]).get("/plans/").content.decode()


def test_a_removed_space_before_a_comma_is_shown_in_the_list_of_repairs(cast, login, orgs):
    text = (DATA / "tanhoa_2024.txt").read_text().replace("cán bộ, đảng viên", "cán bộ , đảng viên", 1)
    response = login(cast["editor_a"]).post(
        URL, {"file": upload("tanhoa_2024.txt", text.encode()), "issuer": orgs["ubnd_a"].pk}
    )
    html = response.content.decode()
    # A bare " ," → "," reads as nothing changed: the space that went is drawn as ␣.
    assert "<td>Dấu câu</td><td><code>␣,</code></td><td><code>,</code></td>" in html
    assert "Dấu câu: “␣,” → “,”" in html
    assert "␣ là dấu cách" in html


SEED_JSON = Path(__file__).resolve().parents[1] / "data" / "seed_vinhloi_2021.json"


def test_importing_the_demos_issued_plan_again_warns_and_offers_to_open_it(seed_plan, login):
    from django.contrib.auth import get_user_model

    client = login(get_user_model().objects.get(username="canbo_vinhloi"))
    count = Plan.objects.count()
    response = client.post(URL, {"file": upload(SEED_JSON.name, SEED_JSON.read_bytes()), "issuer": seed_plan.issuer_id})
    html = response.content.decode()
    assert "UBND xã Vĩnh Lợi đã có kế hoạch cùng năm 2021 và cùng trích yếu với tệp này" in html
    assert f'href="/plans/{seed_plan.pk}/">Mở kế hoạch này</a>' in html and "Số 01/KH-UBND" in html
    assert "Lưu thành dự thảo</button>" not in html  # only the save that gives a reason is offered
    token = response.context["token"]

    # A save without the reason is refused with the link; nothing is made.
    response = client.post(URL, {"token": token, "additional_reason": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được" in html and "kế hoạch số 01/KH-UBND" in html and f'href="/plans/{seed_plan.pk}/"' in html
    assert Plan.objects.count() == count

    response = client.post(URL, {"token": token, "additional_reason": "Bản nhập lại để so sánh"})
    extra = Plan.objects.get(additional_reason="Bản nhập lại để so sánh")
    assert response["Location"] == extra.get_absolute_url()
    assert (extra.year, extra.status, extra.issuer) == (2021, Plan.Status.DRAFT, seed_plan.issuer)


def test_a_plan_of_another_title_that_year_is_warned_of_too(plan_a, cast, login, orgs):
    text = (DATA / "tanhoa_2024.txt").read_text().replace("năm 2024", "năm 2022")
    response = login(cast["editor_a"]).post(
        URL, {"file": upload("tanhoa_2022.txt", text.encode()), "issuer": orgs["ubnd_a"].pk}
    )
    html = response.content.decode()
    assert "UBND xã Vĩnh Lợi đã có kế hoạch năm 2022:" in html and f'href="/plans/{plan_a.pk}/edit/"' in html
    assert "cùng trích yếu" not in html
