"""The recipients' inbox (/inbox/): documents received, read or not, downloads recorded."""

import pytest
from django.contrib.auth import get_user_model

from cooperatives.models import Membership
from reports.models import Delivery, DeliveryDownload

pytestmark = pytest.mark.django_db


def test_the_inbox_lists_the_received_plan_as_new(delivered, cast, login, approved_plan):
    html = login(cast["reviewer"]).get("/inbox/").content.decode()
    assert approved_plan.title in html
    assert f"Số {approved_plan.number_label}" in html
    assert "UBND xã Vĩnh Lợi" in html
    assert "Mới" in html
    assert f'href="/inbox/{delivered.pk}/pdf"' in html and f'href="/inbox/{delivered.pk}/docx"' in html
    assert f'action="/inbox/{delivered.pk}/confirm/"' in html


def test_the_navbar_counts_the_unread_documents(delivered, cast, login):
    client = login(cast["reviewer"])
    assert 'Văn bản đến <span class="badge rounded-pill text-bg-warning" title="chưa xem">1</span>' in (
        client.get("/").content.decode()
    )
    client.get(f"/inbox/{delivered.pk}/open")
    html = client.get("/").content.decode()
    assert "Văn bản đến</a>" in html and 'Văn bản đến <span class="badge' not in html


def test_a_user_without_membership_has_no_inbox_link_and_an_empty_inbox(delivered, cast, login):
    client = login(cast["outsider"])
    assert "Văn bản đến" not in client.get("/").content.decode()
    assert "Chưa có văn bản nào được gửi đến cơ quan của bạn." in client.get("/inbox/").content.decode()


def test_opening_marks_the_document_read_and_shows_the_plan(delivered, cast, login, approved_plan):
    response = login(cast["reviewer"]).get(f"/inbox/{delivered.pk}/open")
    assert response["Location"] == approved_plan.get_absolute_url()
    delivered.refresh_from_db()
    assert delivered.first_read_by == cast["reviewer"] and delivered.first_read_at is not None
    # A second opening keeps the first reader.
    other = get_user_model().objects.create_user(username="phongnn2")
    Membership.objects.create(user=other, organization=delivered.organization, role=Membership.Role.REVIEWER)
    login(other).get(f"/inbox/{delivered.pk}/open")
    delivered.refresh_from_db()
    assert delivered.first_read_by == cast["reviewer"]


def test_unread_and_unconfirmed_filters(delivered, cast, login, approved_plan):
    client = login(cast["reviewer"])
    assert approved_plan.title in client.get("/inbox/?show=unread").content.decode()
    client.get(f"/inbox/{delivered.pk}/open")
    assert "Không có văn bản nào trong mục này." in client.get("/inbox/?show=unread").content.decode()
    assert approved_plan.title in client.get("/inbox/?show=unconfirmed").content.decode()


def test_downloads_are_recorded_with_who_and_when(delivered, cast, login):
    client = login(cast["reviewer"])
    pdf = client.get(f"/inbox/{delivered.pk}/pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith('attachment; filename="ke-hoach-01-')
    docx = client.get(f"/inbox/{delivered.pk}/docx")
    assert docx.content.startswith(b"PK")
    downloads = list(DeliveryDownload.objects.filter(delivery=delivered))
    assert [(d.user, d.format) for d in downloads] == [(cast["reviewer"], "pdf"), (cast["reviewer"], "docx")]
    delivered.refresh_from_db()
    assert delivered.first_read_by == cast["reviewer"]


def test_a_download_from_the_plan_page_counts_for_the_recipient_too(delivered, cast, login, approved_plan):
    login(cast["reviewer"]).get(f"/plans/{approved_plan.pk}/pdf")
    assert [(d.user, d.format) for d in DeliveryDownload.objects.filter(delivery=delivered)] == [
        (cast["reviewer"], "pdf")
    ]
    # The issuer's own downloads are not a recipient's.
    login(cast["editor_a"]).get(f"/plans/{approved_plan.pk}/docx")
    assert DeliveryDownload.objects.count() == 1


def test_another_organisation_gets_404_on_the_delivery(delivered, cast, login, elsewhere):
    for user in (cast["editor_b"], cast["outsider"], elsewhere["user"], cast["approver_a"]):
        client = login(user)
        for url in (f"/inbox/{delivered.pk}/open", f"/inbox/{delivered.pk}/pdf", f"/inbox/{delivered.pk}/docx"):
            assert client.get(url).status_code == 404, (user, url)
    assert not DeliveryDownload.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(delivered, client):
    client.logout()
    for url in ("/inbox/", f"/inbox/{delivered.pk}/open", f"/inbox/{delivered.pk}/pdf"):
        assert client.get(url)["Location"].startswith("/login/")


def test_the_inbox_query_count_does_not_grow_with_documents(delivered, cast, login, orgs, approved_plan):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans.models import Plan

    client = login(cast["reviewer"])

    def queries(cold: bool = True) -> int:
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/inbox/").status_code == 200
        return len(ctx.captured_queries)

    queries()  # the session's first request records where it signed in (cooperatives/profile/sessions.py)
    one = queries()
    # Seen again, the list is read from the cache: session, user, memberships, the counts, the navbar's.
    assert queries(cold=False) <= 5 < one
    for i in range(3):
        plan = Plan.objects.create(
            issuer=orgs["ubnd_b"], year=2024, title=f"Kế hoạch {i}", issuer_name="UBND", place="Phú Tân",
            status=Plan.Status.ISSUED, number=i + 1, issued_on=approved_plan.issued_on,
        )  # fmt: skip
        Delivery.objects.create(plan=plan, organization=orgs["office"], confirmed_by=cast["reviewer"],
                                confirmed_at=plan.created_at, first_read_by=cast["reviewer"],
                                first_read_at=plan.created_at)  # fmt: skip
    assert queries() == one


def test_a_long_plan_from_the_inbox_goes_to_the_page_that_prepares_it(
    delivered, cast, login, approved_plan, monkeypatch
):
    from reports.documents import preparing

    monkeypatch.setattr(preparing, "LONG_PLAN_TASKS", 0)
    response = login(cast["reviewer"]).get(f"/inbox/{delivered.pk}/pdf")
    assert response.status_code == 302 and response["Location"] == f"/plans/{approved_plan.pk}/pdf"
    # A short one is still served from the inbox itself.
    monkeypatch.setattr(preparing, "LONG_PLAN_TASKS", 100)
    assert login(cast["reviewer"]).get(f"/inbox/{delivered.pk}/pdf")["Content-Type"] == "application/pdf"
