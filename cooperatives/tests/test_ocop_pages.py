"""OCOP products: made and changed by the commune's editors and the
cooperative's staff, stars from the scores, expiry proposed, evidence
checked by its content, another commune's product a 404."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cooperatives.models import OcopGroup, OcopProduct


def _data(**changes):
    data = {
        "name": "Gạo thơm Vĩnh Lợi",
        "group": OcopGroup.objects.get(code="thuc-pham").pk,
        "score_a": "36",
        "score_b": "20,5",
        "score_c": "28",
        "stars": "",
        "certificate_number": "12/GCN",
        "certified_on": "2021-01-31",
        "expires_on": "",
        "level": "",
        "note": "",
    }
    return data | changes


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, "PNG")
    return SimpleUploadedFile("giay-chung-nhan.png", buffer.getvalue(), content_type="image/png")


def test_editor_adds_a_product_whose_stars_and_expiry_are_computed(login, cast, coops):
    client = login(cast["editor_a"])
    response = client.post(f"/cooperatives/{coops['a'].pk}/ocop/new/", _data(files=[_png()]))
    assert response.status_code == 302
    product = OcopProduct.objects.get()
    assert product.stars == 4  # 36 + 20.5 + 28 = 84.5
    assert str(product.expires_on) == "2024-01-31" and product.level == "province"
    html = client.get(product.get_absolute_url()).content.decode()
    assert "84,5" in html and "31/01/2024" in html and "Cấp tỉnh" in html
    evidence = product.evidence.get()
    assert client.get(f"/cooperatives/ocop/evidence/{evidence.pk}/").status_code == 200


def test_cooperative_staff_keep_their_products(login, cast, coops):
    client = login(cast["staff_a"])
    assert client.post(f"/cooperatives/{coops['a'].pk}/ocop/new/", _data()).status_code == 302
    product = OcopProduct.objects.get()
    response = client.post(f"/cooperatives/ocop/{product.pk}/edit/", _data(name="Gạo ST25", version=1))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Gạo ST25" and product.version == 2


def test_a_stale_product_form_is_refused(login, cast, coops):
    client = login(cast["editor_a"])
    client.post(f"/cooperatives/{coops['a'].pk}/ocop/new/", _data())
    product = OcopProduct.objects.get()
    client.post(f"/cooperatives/ocop/{product.pk}/edit/", _data(name="Một", version=1))
    html = client.post(f"/cooperatives/ocop/{product.pk}/edit/", _data(name="Hai", version=1)).content.decode()
    assert "Sản phẩm vừa được người khác sửa" in html
    product.refresh_from_db()
    assert product.name == "Một"


def test_bad_scores_and_dates_are_explained(login, cast, coops):
    client = login(cast["editor_a"])
    url = f"/cooperatives/{coops['a'].pk}/ocop/new/"
    assert "Điểm phần này phải từ 0 đến 40" in client.post(url, _data(score_a="41")).content.decode()
    assert "Hãy nhập đủ điểm ba phần" in client.post(url, _data(score_c="")).content.decode()
    html = client.post(url, _data(expires_on="2020-01-01")).content.decode()
    assert "Ngày hết hạn phải sau ngày cấp" in html
    html = client.post(url, _data(score_a="10", score_b="10", score_c="5")).content.decode()
    assert "Chỉ sản phẩm đạt từ 3 sao" in html
    html = client.post(url, _data(level="central")).content.decode()
    assert "Sản phẩm 4 sao do cấp tỉnh công nhận." in html
    assert not OcopProduct.objects.exists()


def test_a_fake_file_is_refused_and_nothing_is_saved(login, cast, coops):
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    html = (
        login(cast["editor_a"]).post(f"/cooperatives/{coops['a'].pk}/ocop/new/", _data(files=[fake])).content.decode()
    )
    assert "không phải ảnh" in html
    assert 'value="Gạo thơm Vĩnh Lợi"' in html
    assert not OcopProduct.objects.exists()


def test_another_communes_product_is_404(login, cast, coops):
    client = login(cast["editor_a"])
    client.post(f"/cooperatives/{coops['a'].pk}/ocop/new/", _data())
    product = OcopProduct.objects.get()
    other = login(cast["editor_b"])
    assert other.get(product.get_absolute_url()).status_code == 404
    assert other.get(f"/cooperatives/ocop/{product.pk}/edit/").status_code == 404
    assert other.get(f"/cooperatives/{coops['a'].pk}/ocop/new/").status_code == 404
    assert login(cast["staff_b"]).get(product.get_absolute_url()).status_code == 404


def test_the_district_reads_but_does_not_change_products(login, cast, coops):
    login(cast["editor_a"]).post(f"/cooperatives/{coops['a'].pk}/ocop/new/", _data())
    product = OcopProduct.objects.get()
    reviewer = login(cast["reviewer"])
    assert reviewer.get(product.get_absolute_url()).status_code == 200
    assert reviewer.get(f"/cooperatives/ocop/{product.pk}/edit/").status_code == 403
