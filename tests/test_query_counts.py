"""Every main page, for each role that works in it, reads as many queries
with a little data as with a lot (issue 13: "pages read only what they
show"). The world (tests/query_world.py) is measured at its small size (the
two communes of the cast, two issued plans of commune A besides the focus
plan, three tasks each, a few updates, remarks, reports and notifications),
then grown to the larger one (sixteen communes: ten more under the district
and two more districts of two; seven issued plans of commune A and a dozen
waiting; nine tasks a plan; three times the focus plan's remarks and
recipients, twice its reports; 47 updates on the focus task; 40 notifications each) and
measured again.

Each measured request is the page's second one (the first fills what a
process reads once, and renders and stores a PDF, so the PDF is measured as
a cached download), on an emptied cache (django.core.cache), so the cold
path is what is counted. The counts must be equal: no page legitimately
reads one query per commune, plan, task or update, so none gets a margin. A
failure prints both counts and the statements repeated more often in the
larger world. Each page must also show something of the data at both sizes
(`Page.shows`), so a page is not measured showing nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import signed_in
from tests.query_world import LARGE, SMALL, YEAR, World, build_world


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: str  # formatted with the world: {plan}, {task}, {year}, {last}
    shows: str  # what the page must show at both sizes, so that it is measured doing its work

    def path(self, world: World) -> str:
        return self.url.format(plan=world.focus.pk, task=world.task.pk, year=YEAR, last=YEAR - 1)


LATE = "Nhiệm vụ quá hạn trong các kế hoạch bạn theo dõi"
TASK = "Nhiệm vụ 1 của Củng cố, nâng chất hợp tác xã"
REPORT = "Kết quả thực hiện kế hoạch, lần 3"
FOCUS = f"Củng cố, nâng chất hợp tác xã năm {YEAR}"  # the focus plan, the subject of every notification
PAGES = [
    Page("dashboard", "reviewer", "/", LATE),  # the district officer
    Page("dashboard", "province_reviewer", "/", LATE),
    Page("dashboard", "editor_a", "/", "Kế hoạch bị trả lại, cần sửa"),  # the commune's official
    Page("dashboard", "approver_a", "/", "Kế hoạch chờ bạn duyệt"),  # the commune's chairman
    Page("dashboard", "staff_a", "/", "Nhiệm vụ cần cập nhật tiến độ"),  # the cooperative's staff
    Page("district", "reviewer", "/district/", 'id="xa-A1"'),
    Page("district", "province_reviewer", "/district/", 'id="xa-A1"'),
    Page("summary", "reviewer", "/reports/summary/?unit=942&year={year}", "Xã Vĩnh Lợi"),
    Page("summary", "province_reviewer", "/reports/summary/?unit=94&year={year}", "Xã Vĩnh Lợi"),
    Page("plan", "editor_a", "/plans/{plan}/", "Góp ý số 1."),
    Page("plan", "approver_a", "/plans/{plan}/", "Góp ý số 1."),
    Page("plan", "reviewer", "/plans/{plan}/", "Góp ý số 1."),
    Page("plan", "staff_a", "/plans/{plan}/", TASK),
    Page("task", "staff_a", "/tasks/{task}/", "anh-1.jpg"),
    Page("task", "editor_a", "/tasks/{task}/", "anh-1.jpg"),
    Page("my-tasks", "staff_a", "/my-tasks/", TASK),
    Page("my-tasks-year", "staff_a", "/my-tasks/?year={last}", "Kế hoạch thử 1"),
    Page("plan-list", "editor_a", "/plans/", "Dự thảo 0"),
    Page("plan-list", "reviewer", "/plans/", "Kế hoạch Phú Tân 0"),
    Page("plan-list", "staff_a", "/plans/", "Kế hoạch thử 1"),
    Page("inbox", "reviewer", "/inbox/", "Kế hoạch thử 1"),
    Page("inbox", "staff_a", "/inbox/", "Kế hoạch thử 1"),
    Page("notifications", "editor_a", "/notifications/", FOCUS),
    Page("notifications", "reviewer", "/notifications/", FOCUS),
    Page("report-index", "editor_a", "/reports/", REPORT),
    Page("report-index", "reviewer", "/reports/", "Kết quả thực hiện kế hoạch, lần 1"),  # issued ones only
    Page("plan-reports", "editor_a", "/plans/{plan}/reports/", REPORT),
    Page("plan-reports", "reviewer", "/plans/{plan}/reports/", "Kết quả thực hiện kế hoạch, lần 1"),
    Page("plan-pdf", "editor_a", "/plans/{plan}/pdf", "%PDF"),
    Page("plan-pdf", "reviewer", "/plans/{plan}/pdf", "%PDF"),  # a recipient: the download is recorded
]


@pytest.fixture
def world(cast, orgs, coops, units) -> World:
    return build_world(cast, orgs, coops, units)


def measure(client, page: Page, world: World) -> list[str]:
    """The statements of the page's second request, on an emptied cache."""
    url = page.path(world)
    assert client.get(url).status_code == 200, url
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response) if response.streaming else response.content
    assert page.shows.encode() in body, f"{url} as {page.role} does not show {page.shows!r}"
    return [query["sql"] for query in ctx.captured_queries]


def _shape(sql: str) -> str:
    """The statement with its values left out: numbers, strings, the length of an IN list."""
    sql = re.sub(r"\b\d+\b", "N", re.sub(r"'[^']*'", "S", sql))
    return re.sub(r"IN \((?:[NS%s], )*[NS%s]\)", "IN (...)", sql)[:300]


def grown(small: list[str], large: list[str]) -> str:
    """The statements the larger world repeated more often, with how often."""
    before, after = Counter(map(_shape, small)), Counter(map(_shape, large))
    lines = [f"  {before[s]} -> {n}: {s}" for s, n in after.items() if n > before[s]]
    return "\n".join(lines) or "  (the same statements, fewer in the larger world)"


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.name}-{p.role}" for p in PAGES])
def test_the_page_reads_as_many_queries_with_more_data(page, world, client):
    signed_in(client, world.users[page.role])
    world.grow_to(SMALL)
    small = measure(client, page, world)
    world.grow_to(LARGE)
    large = measure(client, page, world)
    print(f"{page.name} as {page.role}: {len(small)} queries small, {len(large)} large")
    assert len(large) == len(small), (
        f"{page.path(world)} as {page.role}: {len(small)} queries in the small world, {len(large)} in the larger\n"
        + grown(small, large)
    )


def test_the_larger_world_is_larger(world, client):
    """What the pages are measured against is there and shown."""
    world.grow_to(SMALL)
    world.grow_to(LARGE)
    client.force_login(world.users["province_reviewer"])
    html = client.get("/district/").content.decode()
    assert html.count('id="xa-') == 16  # A, B, ten under the district, two in each of two more districts
    client.force_login(world.users["staff_a"])
    assert len(client.get(f"/my-tasks/?year={YEAR - 1}").context["current"]) > 5
    client.force_login(world.users["editor_a"])
    assert world.focus.tasks.count() == LARGE.tasks and world.task.updates.count() == 2 + LARGE.updates
    assert client.get("/notifications/").context["page"].paginator.count == LARGE.notifications
