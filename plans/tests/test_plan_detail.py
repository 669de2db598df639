import pytest

from plans.models import Plan


def login_as(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_plan_page_shows_the_whole_plan_in_official_order_and_numbering(seed_plan, client):
    html = login_as(client, "canbo_vinhloi").get(seed_plan.get_absolute_url()).content.decode()
    order = [
        "UBND HUYỆN CHÂU THÀNH",
        "ỦY BAN NHÂN DÂN<br>XÃ VĨNH LỢI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 01/KH-UBND",
        "Vĩnh Lợi, ngày 05 tháng 01 năm 2021",
        "KẾ HOẠCH",
        "Căn cứ kế hoạch số 18/KH/PNN&amp;PTNN",
        "Thực hiện công văn số 141/PNN&amp;PTNT",
        "I. MỤC TIÊU",
        "II. CÁC NHIỆM VỤ TRỌNG TÂM",
        "1. Duy trì và nâng cao chất lượng hoạt động",
        "2. Phát triển HTX ứng dụng công nghệ cao",
        "3. Thực hiện liên kết sản xuất",
        "4. Nâng cao chất lượng hoạt động của HTX nông nghiệp",
        "- Hướng dẫn các HTX xây dựng phương án",
        "III. GIẢI PHÁP THỰC HIỆN",
        "2. Thực hiện có hiệu quả các cơ chế chính sách",
        "a) Về thể chế",
        "b) Về cơ chế, chính sách",
        "IV. KINH PHÍ HOẠT ĐỘNG",
        "Theo sự phân bổ",
        "Trên đây là kế hoạch",
        "Nơi nhận:",
        "- Phòng NN&amp;PTNT;",
        "- Lưu: VP.",
        "TM. ỦY BAN NHÂN DÂN XÃ",
        "CHỦ TỊCH",
    ]
    positions = [html.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    # The first legal basis ends with ";" and the last with ".".
    assert "huyện Châu Thành về việc củng cố, nâng chất hợp tác xã năm 2021;" in html


def test_plan_text_is_escaped_never_rendered_as_html(plan_a, cast, login):
    plan_a.preamble = "<script>alert(1)</script>"
    plan_a.save()
    html = login(cast["editor_a"]).get(plan_a.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_draft_is_marked_and_has_no_number(plan_a, cast, login):
    html = login(cast["editor_a"]).get(plan_a.get_absolute_url()).content.decode()
    assert "DỰ THẢO" in html
    assert "Số:      /KH-UBND" in html


def test_anonymous_visitor_is_sent_to_login(plan_a, client):
    response = client.get(plan_a.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("who", ["editor_b", "staff_b", "outsider"])
def test_others_get_404(plan_a, cast, login, who):
    assert login(cast[who]).get(plan_a.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["editor_a", "approver_a", "reviewer"])
def test_commune_and_district_see_the_draft(plan_a, cast, login, who):
    response = login(cast[who]).get(plan_a.get_absolute_url())
    assert response.status_code == 200
    assert plan_a.title in response.content.decode()


def test_cooperative_staff_see_only_issued_plans_naming_their_cooperative(plan_a, cast, login):
    client = login(cast["staff_a"])
    assert client.get(plan_a.get_absolute_url()).status_code == 404
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=3, issued_on="2022-01-04")
    assert client.get(plan_a.get_absolute_url()).status_code == 200


def test_plan_page_query_count_does_not_grow_with_tasks(plan_a, cast, login, django_assert_max_num_queries):
    client = login(cast["editor_a"])
    for i in range(30):
        plan_a.tasks.create(position=i + 1, title=f"Nhiệm vụ {i}", body="- một\n- hai")
        plan_a.solutions.create(position=i, title=f"Giải pháp {i}")
    with django_assert_max_num_queries(
        18
    ):  # the bell's unread count, the appendices and the targeted cooperatives included
        assert client.get(plan_a.get_absolute_url()).status_code == 200


def test_not_found_page_is_in_vietnamese(cast, login, db):
    response = login(cast["editor_a"]).get("/plans/999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_issuer_name_breaks_after_the_body_as_in_the_pdf(plan_a, cast, login):
    html = login(cast["editor_a"]).get(plan_a.get_absolute_url()).content.decode()
    assert '<div class="doc-issuer">ỦY BAN NHÂN DÂN<br>XÃ VĨNH LỢI</div>' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_official_header_fits_a_phone_screen(plan_a, cast, phone_page, browser_login):
    browser_login(phone_page, cast["editor_a"])
    phone_page.goto(plan_a.get_absolute_url())
    header = phone_page.locator(".doc-header")
    assert header.bounding_box()["x"] + header.bounding_box()["width"] <= 360
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    # Stacked, the issuer still breaks after the body's name, never inside the commune's.
    assert phone_page.locator(".doc-issuer").inner_text().splitlines() == ["ỦY BAN NHÂN DÂN", "XÃ VĨNH LỢI"]
