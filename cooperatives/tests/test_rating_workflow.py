"""The yearly rating from the cooperative's self-assessment to the
district's confirmation, through the pages, and who sees what."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cooperatives.models import CooperativeRating, RatingAssessment, RatingEvent
from cooperatives.rating import criteria
from reports.models import Notification

ITEMS = criteria.set_items(criteria.set_read(criteria.DEFAULT_FILE))
Status = RatingAssessment.Status


def url(coop, year=2021):
    return reverse("cooperatives:rating_detail", args=[coop.pk, year])


def full_form(version, share=0.8, **extra):
    data = {"version": version, "member_count": "60", "revenue": "2500000000", "capital": "800000000"}
    for item in ITEMS:
        data[f"item_{item['code']}"] = str(round(item["max"] * share, 1))
        data[f"note_{item['code']}"] = "Theo báo cáo tài chính"
    return data | extra


def assessment(coop, year=2021):
    return RatingAssessment.objects.filter(cooperative=coop, year=year).order_by("-number").first()


@pytest.fixture
def submitted(client, login, cast, coops):
    login(cast["staff_a"])
    client.get(url(coops["a"]))
    row = assessment(coops["a"])
    response = client.post(url(coops["a"]), full_form(row.version, action="submit"))
    assert response.status_code == 302
    client.logout()
    return assessment(coops["a"])


def test_anonymous_goes_to_login(client, coops):
    response = client.get(url(coops["a"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_cooperative_sees_its_own_form_and_no_other(client, login, cast, coops):
    login(cast["staff_a"])
    page = client.get(url(coops["a"])).content.decode()
    assert 'name="item_1a"' in page and "Gửi xã thẩm định" in page
    assert client.get(url(coops["b"])).status_code == 404
    assert client.get(reverse("cooperatives:rating_list", args=[coops["b"].pk])).status_code == 404


@pytest.mark.parametrize("who", ["editor_b", "staff_b", "outsider"])
def test_another_commune_gets_404(client, login, cast, coops, submitted, who):
    login(cast[who])
    assert client.get(url(coops["a"])).status_code == 404
    assert client.get(reverse("cooperatives:rating_list", args=[coops["a"].pk])).status_code == 404


def test_the_commune_does_not_see_the_draft(client, login, cast, coops):
    login(cast["staff_a"])
    client.post(url(coops["a"]), {"version": 1})  # makes nothing: the GET makes the draft
    client.get(url(coops["a"]))
    row = assessment(coops["a"])
    client.post(url(coops["a"]), full_form(row.version, action="save"))
    client.logout()
    login(cast["editor_a"])
    page = client.get(url(coops["a"])).content.decode()
    assert "HTX chưa gửi bản tự đánh giá năm này." in page
    assert "Theo báo cáo tài chính" not in page and 'name="adjust_1a"' not in page
    response = client.post(url(coops["a"]), {"version": assessment(coops["a"]).version, "action": "forward"})
    assert response.status_code == 404


def test_points_over_the_maximum_are_refused_and_nothing_is_lost(client, login, cast, coops):
    login(cast["staff_a"])
    client.get(url(coops["a"]))
    row = assessment(coops["a"])
    response = client.post(url(coops["a"]), full_form(row.version, action="save", item_1a="7"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Điểm phải từ 0 đến 6 (điểm tối đa của nội dung này)." in page
    assert 'value="7"' in page and "Theo báo cáo tài chính" in page
    assert not assessment(coops["a"]).items.filter(claimed__isnull=False).exists()


def test_a_fake_evidence_file_is_refused(client, login, cast, coops):
    login(cast["staff_a"])
    client.get(url(coops["a"]))
    fake = io.BytesIO(b"MZ not a picture")
    fake.name = "anh.jpg"
    response = client.post(url(coops["a"]), full_form(1, action="save", evidence_1a=fake))
    assert "không phải ảnh (JPEG, PNG, WebP) hoặc PDF" in response.content.decode()
    picture = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(picture, "PNG")
    picture.seek(0)
    picture.name = "so-sach.png"
    response = client.post(url(coops["a"]), full_form(1, action="save", evidence_1a=picture))
    assert response.status_code == 302
    item = assessment(coops["a"]).items.get(code="1a")
    assert item.evidence_name == "so-sach.png"
    download = client.get(reverse("cooperatives:rating_evidence", args=[coops["a"].pk, 2021, item.pk]))
    assert download.status_code == 200


def test_submit_computes_the_result_and_tells_the_commune(submitted, cast):
    assert submitted.status == Status.SUBMITTED
    assert str(submitted.score) == "80.0" and submitted.rating == "good" and submitted.size_class == "small"
    told = Notification.objects.filter(kind=Notification.Kind.RATING_STEP).values_list("user__username", flat=True)
    assert set(told) == {"canbo_a", "chutich_a"}


def test_a_double_submit_is_safe(client, login, cast, coops, submitted):
    login(cast["staff_a"])
    response = client.post(url(coops["a"]), full_form(submitted.version - 1, action="submit"))
    assert response.status_code == 302
    assert RatingEvent.objects.filter(action="submitted").count() == 1


def test_a_draft_saved_from_a_page_kept_open_after_the_submit_is_told_it_was_sent(
    client, login, cast, coops, submitted
):
    login(cast["staff_a"])
    response = client.post(url(coops["a"]), full_form(submitted.version - 1, share=0.5, action="save"))
    html = response.content.decode()
    assert "Bản đánh giá đã gửi, HTX không sửa được nữa." in html and "người khác thay đổi" not in html
    assert str(assessment(coops["a"]).items.get(code="1a").claimed) == "4.8"


def test_two_people_editing_at_once_the_later_is_refused(client, login, cast, coops):
    login(cast["staff_a"])
    client.get(url(coops["a"]))
    client.post(url(coops["a"]), full_form(1, action="save"))
    response = client.post(url(coops["a"]), full_form(1, share=0.5, action="save"))
    assert "vừa được người khác thay đổi" in response.content.decode()
    assert str(assessment(coops["a"]).items.get(code="1a").claimed) == "4.8"


def test_the_commune_adjusts_with_a_reason_returns_and_forwards(client, login, cast, coops, submitted):
    login(cast["editor_a"])
    page = client.get(url(coops["a"])).content.decode()
    assert "Theo báo cáo tài chính" in page and 'name="adjust_1a"' in page
    response = client.post(url(coops["a"]), {"version": submitted.version, "action": "adjust", "adjust_1a": "3"})
    assert "Cần ghi lý do điều chỉnh điểm." in response.content.decode()
    response = client.post(
        url(coops["a"]),
        {"version": submitted.version, "action": "adjust", "adjust_1a": "3", "reason_1a": "Vốn bình quân thấp hơn"},
    )
    assert response.status_code == 302
    row = assessment(coops["a"])
    assert str(row.items.get(code="1a").points) == "3.0" and str(row.items.get(code="1a").claimed) == "4.8"
    assert str(row.score) == "78.2" and row.rating == "fair"
    assert RatingEvent.objects.filter(action="adjusted", reason__contains="Vốn bình quân thấp hơn").exists()
    response = client.post(url(coops["a"]), {"version": row.version, "action": "return", "reason": ""})
    assert "Cần ghi lý do." in response.content.decode()
    client.post(url(coops["a"]), {"version": row.version, "action": "return", "reason": "Thiếu minh chứng TC3"})
    row = assessment(coops["a"])
    assert row.status == Status.DRAFT and row.return_reason == "Thiếu minh chứng TC3"
    assert Notification.objects.filter(user=cast["staff_a"], kind="rating_step").exists()


def _forward(client, login, cast, coops, submitted):
    login(cast["editor_a"])
    client.post(url(coops["a"]), {"version": submitted.version, "action": "forward"})
    client.logout()
    return assessment(coops["a"])


def test_the_district_confirms_and_the_year_is_frozen(client, login, cast, coops, submitted):
    row = _forward(client, login, cast, coops, submitted)
    assert row.status == Status.FORWARDED
    assert Notification.objects.filter(user=cast["reviewer"], kind="rating_step").exists()
    login(cast["reviewer"])
    response = client.post(url(coops["a"]), {"version": row.version, "action": "confirm"})
    assert response.status_code == 302
    rating = CooperativeRating.objects.get(cooperative=coops["a"], year=2021)
    assert (rating.rating, str(rating.score), rating.size_class) == ("good", "80.0", "small")
    page = client.get(url(coops["a"])).content.decode()
    assert "Huyện đã xác nhận" in page and 'name="adjust_1a"' not in page
    client.logout()
    login(cast["staff_a"])
    row = assessment(coops["a"])
    response = client.post(url(coops["a"]), full_form(row.version, action="save"))
    assert "không thực hiện được" in response.content.decode() or "HTX không sửa được" in response.content.decode()
    assert assessment(coops["a"]).status == Status.CONFIRMED


def test_a_correction_is_a_new_version_and_the_old_is_kept(client, login, cast, coops, submitted):
    row = _forward(client, login, cast, coops, submitted)
    login(cast["reviewer"])
    client.post(url(coops["a"]), {"version": row.version, "action": "confirm"})
    row = assessment(coops["a"])
    client.post(url(coops["a"]), {"version": row.version, "action": "correct", "reason": "Sai số liệu doanh thu"})
    new = assessment(coops["a"])
    assert new.number == 2 and new.replaces == row and new.status == Status.FORWARDED
    client.post(
        url(coops["a"]),
        {"version": new.version, "action": "confirm", "adjust_3a": "1", "reason_3a": "Doanh thu thực tế thấp"},
    )
    row.refresh_from_db()
    new.refresh_from_db()
    assert row.status == Status.SUPERSEDED and str(row.score) == "80.0"
    assert new.status == Status.CONFIRMED and str(new.score) == "77.8"
    assert CooperativeRating.objects.get(cooperative=coops["a"], year=2021).rating == "fair"
    page = client.get(url(coops["a"])).content.decode()
    assert "Các lần đánh giá khác của năm" in page and "Đã được đính chính bằng bản sau" in page
    assert "Sai số liệu doanh thu" in page


def test_the_list_says_why_2020_is_not_rated(client, login, cast, coops):
    from cooperatives.rating.demo import demo_ratings

    demo_ratings({"vinhloi": coops["a"], "phutan": coops["b"]})
    login(cast["editor_a"])
    page = client.get(reverse("cooperatives:rating_list", args=[coops["a"].pk])).content.decode()
    assert "Hoạt động chưa đủ 12 tháng trong năm đánh giá (thành lập ngày 20/11/2020)" in page


def test_the_dashboard_links_the_year(client, login, cast, coops):
    login(cast["staff_a"])
    page = client.get(reverse("plans:dashboard")).content.decode()
    year = timezone.localdate().year
    assert f"Đánh giá, phân loại HTX năm {year}: HTX NN Vĩnh Lợi" in page
    assert reverse("cooperatives:rating_detail", args=[coops["a"].pk, year]) in page
    client.logout()
    login(cast["reviewer"])
    assert "Đánh giá, phân loại HTX năm" not in client.get(reverse("plans:dashboard")).content.decode()
