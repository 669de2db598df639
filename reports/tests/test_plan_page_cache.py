"""The plan page's body is cached as HTML (plans/views/pages.py): a repeat
view costs a few queries, and whatever changes what it shows (a remark, a
delivery read or downloaded, an e-mail waiting too long, an amendment begun,
a new right, a cooperative's rating) is seen on the very next view."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from cooperatives.models import CooperativeRating, Membership
from cooperatives.twofactor.testing import signed_in
from reports.models import Delivery
from reports.tests.test_rollup_cache import _get, _without_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(approved_plan, issue):
    issue(approved_plan)
    return approved_plan


def _table(html: str) -> str:
    return html[html.index('id="noi-nhan"') :]


def test_a_repeat_view_is_the_same_page_for_a_few_queries(issued, cast, login):
    client = login(cast["editor_a"])
    first, cold = _get(client, issued.get_absolute_url())
    again, warm = _get(client, issued.get_absolute_url())
    assert _without_tokens(again) == _without_tokens(first)
    assert issued.title in again and 'id="noi-nhan"' in again and "Sửa đổi kế hoạch" in again
    # Session, user, memberships, the units seen, the plan, the versions, the deliveries, the navbar's counts.
    assert warm <= 8 < cold, (cold, warm)


def test_a_delivery_read_downloaded_and_confirmed_shows_on_the_next_view(issued, cast, login, orgs):
    office = Delivery.objects.get(plan=issued, organization=orgs["office"])
    editor = login(cast["editor_a"])
    assert "Chưa xem" in _table(_get(editor, issued.get_absolute_url())[0])

    reviewer = signed_in(Client(), cast["reviewer"])
    reviewer.get(f"/inbox/{office.pk}/open")
    assert "Xem lần đầu: phongnn" in _table(_get(editor, issued.get_absolute_url())[0])
    reviewer.get(f"/inbox/{office.pk}/pdf")
    assert "Tải PDF: phongnn" in _table(_get(editor, issued.get_absolute_url())[0])
    reviewer.post(f"/inbox/{office.pk}/confirm/")
    assert "Đã gửi 2 cơ quan · 1 đã xác nhận" in _table(_get(editor, issued.get_absolute_url())[0])


def test_an_email_waiting_too_long_is_said_so_on_a_later_view(issued, cast, login, orgs, monkeypatch):
    office = Delivery.objects.get(plan=issued, organization=orgs["office"])
    Delivery.objects.filter(pk=office.pk).update(
        email_status=Delivery.EmailStatus.SENDING, email_attempts=1, email_claimed_at=timezone.now()
    )
    editor = login(cast["editor_a"])
    assert "Quá lâu chưa gửi xong" not in _table(_get(editor, issued.get_absolute_url())[0])

    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Quá lâu chưa gửi xong" in _table(_get(editor, issued.get_absolute_url())[0])


def test_a_remark_an_amendment_and_a_rating_show_on_the_next_view(issued, cast, login, orgs, coops):
    editor = login(cast["editor_a"])
    url = issued.get_absolute_url()
    _get(editor, url)

    issued.remarks.create(author=cast["reviewer"], body="Bổ sung chỉ tiêu doanh thu của HTX.")
    assert "Bổ sung chỉ tiêu doanh thu của HTX." in _get(editor, url)[0]

    def supported(html: str) -> str:
        start = html.index("Hợp tác xã được hỗ trợ")
        return html[start : html.index("</ul>", start)]

    issued.cooperatives.add(coops["a"])
    assert "HTX NN Vĩnh Lợi" in supported(_get(editor, url)[0]) and "Chưa có" in supported(_get(editor, url)[0])
    CooperativeRating.objects.create(cooperative=coops["a"], year=issued.year - 1, rating="good")
    assert re.search(r"rating-good\">Tốt</span>", supported(_get(editor, url)[0]))

    response = editor.post(f"/plans/{issued.pk}/amend/")
    assert response.status_code == 302
    assert "Đang soạn bản sửa đổi của kế hoạch này" in _get(editor, url)[0]


def test_the_cached_page_follows_the_readers_rights(issued, cast, login, orgs):
    user = cast["staff_a"]
    client = login(user)
    html = _get(client, issued.get_absolute_url())[0]
    assert issued.title in html and 'id="noi-nhan"' not in html and "Sửa đổi kế hoạch" not in html

    # Made an editor of the commune: the delivery table and the amendment appear on the next view.
    Membership.objects.create(user=user, organization=orgs["ubnd_a"], role=Membership.Role.EDITOR)
    html = _get(login(user), issued.get_absolute_url())[0]
    assert 'id="noi-nhan"' in html and "Sửa đổi kế hoạch" in html


def test_a_person_or_an_organisation_renamed_shows_at_once_on_every_cached_page(issued, cast, login, orgs):
    office = Delivery.objects.get(plan=issued, organization=orgs["office"])
    reviewer = signed_in(Client(), cast["reviewer"])
    reviewer.get(f"/inbox/{office.pk}/open")
    reviewer.post(f"/inbox/{office.pk}/confirm/")
    issued.remarks.create(author=cast["reviewer"], body="Góp ý của phòng.")
    editor = login(cast["editor_a"])
    plan_page, inbox = _get(editor, issued.get_absolute_url())[0], _get(reviewer, "/inbox/")[0]
    assert "Xem lần đầu: phongnn" in _table(plan_page) and "Đã xác nhận: phongnn" in inbox

    cast["reviewer"].first_name, cast["reviewer"].last_name = "Bình", "Trần Thị"
    cast["reviewer"].save()
    plan_page, inbox = _get(editor, issued.get_absolute_url())[0], _get(reviewer, "/inbox/")[0]
    assert "Xem lần đầu: Bình Trần Thị" in _table(plan_page) and "Xem lần đầu: phongnn" not in _table(plan_page)
    assert "Đã xác nhận: Bình Trần Thị" in inbox and "Đã xác nhận: phongnn" not in inbox

    orgs["ubnd_a"].short_name = "UBND xã Vĩnh Lợi mới"
    orgs["ubnd_a"].save()
    assert "UBND xã Vĩnh Lợi mới" in _get(reviewer, "/inbox/")[0]


def test_signing_in_does_not_empty_the_cached_pages(issued, cast, login):
    from cooperatives.versions import names_version

    before = names_version()
    login(cast["editor_a"])
    signed_in(Client(), cast["reviewer"])
    assert names_version() == before
