"""No input makes a server error: every form and upload endpoint, posted
with values hypothesis makes up for each field the page itself shows (and
fields it does not show), and every filter with made-up query strings,
answers with a page, a redirect or a refusal; never 500.

The Django test client raises the view's exception instead of answering
500, so a failing example shows the traceback and the data that caused it.
"""

from __future__ import annotations

import datetime
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import signed_in
from plans.models import Plan, ProgressUpdate
from reports import services as report_services

pytestmark = pytest.mark.django_db
# FUZZ_EXAMPLES=625 makes some 10,000 posts over the forms (the suite's default is quick).
EXAMPLES = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people and scripts type: words with Vietnamese marks and control
# characters, numbers past every column, broken dates, ids, huge texts.
VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "0", "-1", "2022-02-30", "31/12/2026", "9999-99-99", "1e309", "NaN", "null", "[]"]),
    st.sampled_from(["<script>alert(1)</script>", "\x00", "‮", "a" * 5000, "Quý II/2026", "Trước 30/6/2026"]),
)
FAKE_FILES = [
    b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>endobj\n",
    b"PK\x03\x04garbage",
    b'{"format":"htxplan.plan/1"',
    b"\xff\xd8",
]
FILES = st.one_of(st.binary(max_size=2048), st.sampled_from(FAKE_FILES))


# Answers counted over the run, printed at the end (pytest -s).
POSTED: dict[int, int] = {}


def field_names(html: str) -> list[str]:
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', html))
    return sorted(names - {"csrfmiddlewaretoken"})


def _data(draw_values: dict, names: list[str], extra: dict) -> dict:
    data = {name: draw_values.get(name, "") for name in names}
    data.update(extra)
    return data


@pytest.fixture
def world(plan_a, orgs, cast, coops):
    """A draft (plan_a), an issued plan with a task and an update, a draft report of it."""
    issued = Plan.objects.create(
        issuer=orgs["ubnd_a"], year=2025, title="Kế hoạch đã ban hành", issuer_name="UBND XÃ VĨNH LỢI",
        place="Vĩnh Lợi", symbol="KH-UBND", status=Plan.Status.ISSUED, number=9, issued_on=datetime.date(2025, 1, 6),
    )  # fmt: skip
    issued.cooperatives.add(coops["a"])
    issued.recipients.create(position=0, label="Phòng NN huyện")
    task = issued.tasks.create(position=0, title="Phun drone", cooperative=coops["a"], weight=1)
    ProgressUpdate.objects.create(
        task=task, reported_on=datetime.date(2025, 3, 1), percent=20, status="in_progress", work_done="Bắt đầu",
        author=cast["staff_a"],
    )  # fmt: skip
    report = report_services.report_create(plan=issued, as_of=datetime.date(2025, 3, 2), user=cast["editor_a"])
    return {"draft": plan_a, "issued": issued, "task": task, "report": report}


def _endpoints(world) -> list[tuple[str, str, str]]:
    """(who, page that shows the form, where it posts)."""
    draft, issued, task, report = world["draft"], world["issued"], world["task"], world["report"]
    part = draft.tasks.get()
    edit = f"/plans/{draft.pk}/edit/"
    return [
        ("editor_a", "/plans/new/", "/plans/new/"),
        ("editor_a", edit, edit),
        *[("editor_a", edit, f"/plans/{draft.pk}/parts/{kind}/add/") for kind in ("task", "recipient", "appendix")],
        ("editor_a", edit, f"/plans/{draft.pk}/parts/task/{part.pk}/"),
        ("editor_a", edit, f"/plans/{draft.pk}/parts/task/{part.pk}/move/"),
        ("editor_a", draft.get_absolute_url(), f"/plans/{draft.pk}/submit/"),
        ("editor_a", issued.get_absolute_url(), f"/plans/{issued.pk}/copy/"),
        ("editor_a", issued.get_absolute_url(), f"/plans/{issued.pk}/deliveries/"),
        ("editor_a", f"/plans/{issued.pk}/reports/", f"/plans/{issued.pk}/reports/new/"),
        ("editor_a", f"/reports/{report.pk}/edit/", f"/reports/{report.pk}/edit/"),
        ("editor_a", "/notifications/settings/", "/notifications/settings/"),
        ("reviewer", issued.get_absolute_url(), f"/plans/{issued.pk}/remarks/"),
        ("reviewer", "/district/deadlines/", "/district/deadlines/"),
        ("staff_a", f"/tasks/{task.pk}/", f"/tasks/{task.pk}/progress/new"),
    ]


def _fuzz_form(client, target: str, names: list[str]) -> None:
    answers = set()

    @EXAMPLES
    @given(
        values=st.dictionaries(st.sampled_from(names or ["x"]), VALUES),
        extra=st.dictionaries(st.text(max_size=8), VALUES, max_size=2),
    )
    def post(values, extra):
        response = client.post(target, _data(values, names, extra))
        assert response.status_code < 500, (target, values)
        answers.add(response.status_code)
        POSTED[response.status_code] = POSTED.get(response.status_code, 0) + 1

    post()
    # The form was reached and answered (a page with its errors, or a redirect), not refused before it.
    assert answers - {403, 404, 405}, (target, answers)


def test_every_form_answers_made_up_values_without_a_server_error(world, cast, client):
    for who, page, target in _endpoints(world):
        signed_in(client, cast[who])
        shown = client.get(page)
        assert shown.status_code == 200, (page, shown.status_code)
        _fuzz_form(client, target, field_names(shown.content.decode()))
    print(f"\nfuzzed form posts: {sum(POSTED.values())}, answers by status: {dict(sorted(POSTED.items()))}")


@EXAMPLES
@given(content=FILES, name=st.sampled_from(["ke-hoach.docx", "ke-hoach.pdf", "a.json", "b.txt", "c.doc", "anh.jpg"]))
def test_uploads_of_made_up_bytes_are_refused_with_a_message(world, cast, client, content, name):
    client.force_login(cast["editor_a"])
    response = client.post(
        "/plans/import/", {"file": SimpleUploadedFile(name, content), "issuer": world["draft"].issuer_id}
    )
    assert response.status_code < 500
    client.force_login(cast["staff_a"])
    task = world["task"]
    evidence = SimpleUploadedFile(name, content)
    data = {"reported_on": "2025-03-05", "percent": "30", "work_done": "Tiếp tục", "files": [evidence]}
    assert client.post(f"/tasks/{task.pk}/progress/new", data).status_code < 500


FILTERS = ["year", "commune", "unit", "status", "need", "issuer", "cooperative", "q", "page", "show", "plan", "state"]
LISTS = [
    ("editor_a", "/plans/"),
    ("staff_a", "/my-tasks/"),
    ("reviewer", "/district/"),
    ("reviewer", "/reports/summary/"),
    ("reviewer", "/reports/"),
    ("reviewer", "/inbox/"),
]


@EXAMPLES
@given(query=st.dictionaries(st.sampled_from(FILTERS), VALUES, max_size=4))
def test_filters_answer_made_up_query_strings(world, cast, client, query):
    for who, url in LISTS:
        signed_in(client, cast[who])
        assert client.get(url, query).status_code < 500, (url, query)
