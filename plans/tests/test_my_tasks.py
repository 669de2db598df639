import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Plan, ProgressUpdate


def make_issued_plan(orgs, coops, title, due_days, year=None):
    today = timezone.localdate()
    plan = Plan.objects.create(
        issuer=orgs["ubnd_a"],
        year=year or today.year,
        title=title,
        issuer_name="ỦY BAN NHÂN DÂN XÃ VĨNH LỢI",
        symbol="KH-UBND",
        place="Vĩnh Lợi",
        status=Plan.Status.ISSUED,
        number=Plan.objects.count() + 10,
        issued_on=today - datetime.timedelta(days=5),
    )
    for i, days in enumerate(due_days):
        plan.tasks.create(
            position=i,
            title=f"{title} – nhiệm vụ {i + 1}",
            cooperative=coops["a"],
            due_on=today + datetime.timedelta(days=days) if days is not None else None,
        )
    return plan


def report(task, user, percent, days_ago=0):
    return ProgressUpdate.objects.create(
        task=task,
        reported_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        percent=percent,
        status=ProgressUpdate.Status.for_percent(percent),
        work_done="Đã làm.",
        author=user,
    )


def titles(rows):
    return [tp.task.title for tp in rows]


def test_open_tasks_of_this_years_plans_come_first_soonest_due_first(cast, login, orgs, coops, plan_a):
    make_issued_plan(orgs, coops, "Kế hoạch liên kết", [20, None])
    make_issued_plan(orgs, coops, "Kế hoạch tập huấn", [5, -3])

    response = login(cast["staff_a"]).get("/my-tasks/")

    assert titles(response.context["current"]) == [
        "Kế hoạch tập huấn – nhiệm vụ 2",
        "Kế hoạch tập huấn – nhiệm vụ 1",
        "Kế hoạch liên kết – nhiệm vụ 1",
        "Kế hoạch liên kết – nhiệm vụ 2",  # no due date: last
    ]
    assert plan_a.tasks.get().title not in response.content.decode()  # plan_a is a draft


def test_done_and_past_year_tasks_are_folded_away_below_this_years(cast, login, orgs, coops):
    year = timezone.localdate().year
    old = make_issued_plan(orgs, coops, "Kế hoạch cũ", [-400, -300], year=year - 1)
    report(old.tasks.get(position=0), cast["staff_a"], 100, days_ago=420)
    this = make_issued_plan(orgs, coops, "Kế hoạch năm nay", [10, 40, 60])
    report(this.tasks.get(position=2), cast["staff_a"], 100)

    response = login(cast["staff_a"]).get("/my-tasks/")

    assert titles(response.context["current"]) == ["Kế hoạch năm nay – nhiệm vụ 1", "Kế hoạch năm nay – nhiệm vụ 2"]
    # This year's done task, then last year's tasks, done or not.
    assert titles(response.context["folded"]) == [
        "Kế hoạch năm nay – nhiệm vụ 3",
        "Kế hoạch cũ – nhiệm vụ 1",
        "Kế hoạch cũ – nhiệm vụ 2",
    ]
    html = response.content.decode()
    folded = html[html.index("my-tasks-folded") :]
    assert "<summary>Đã hoàn thành / năm trước (3)</summary>" in folded
    assert '<details class="my-tasks-fold my-tasks-folded mt-4">' in html  # closed: no open attribute
    assert html.index("Kế hoạch năm nay – nhiệm vụ 1") < html.index("my-tasks-folded")
    assert "Kế hoạch cũ – nhiệm vụ 2" in folded and "Kế hoạch năm nay – nhiệm vụ 1" not in folded


def test_a_past_years_task_still_within_its_deadline_stays_in_the_open_list(cast, login, orgs, coops):
    old = make_issued_plan(orgs, coops, "Kế hoạch năm trước", [45, -10], year=timezone.localdate().year - 1)
    response = login(cast["staff_a"]).get("/my-tasks/")
    assert titles(response.context["current"]) == ["Kế hoạch năm trước – nhiệm vụ 1"]
    assert titles(response.context["folded"]) == ["Kế hoạch năm trước – nhiệm vụ 2"]
    assert old.tasks.count() == 2


def test_with_nothing_open_the_page_says_where_new_tasks_will_appear(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch cũ", [-30], year=timezone.localdate().year - 1)
    html = login(cast["staff_a"]).get("/my-tasks/").content.decode()
    assert "Không có nhiệm vụ nào đang mở. Nhiệm vụ của một kế hoạch mới hiện ở đây khi kế hoạch được ban hành." in html
    assert "Đã hoàn thành / năm trước (1)" in html


def test_each_task_shows_its_state_in_words_with_its_percent(cast, login, orgs, coops):
    plan = make_issued_plan(orgs, coops, "Kế hoạch tập huấn", [-3, 3, 200, 30])
    report(plan.tasks.get(position=0), cast["staff_a"], 35)
    report(plan.tasks.get(position=2), cast["staff_a"], 10)
    report(plan.tasks.get(position=3), cast["staff_a"], 100)

    html = login(cast["staff_a"]).get("/my-tasks/").content.decode()

    cards = re.findall(r'<li class="card.*?</li>', html, re.S)
    words = [re.search(r'task-state-(\w+)">.*?</svg>([^<]+)', card, re.S).groups() for card in cards]
    assert words == [
        ("overdue", "Quá hạn"),
        ("at_risk", "Có nguy cơ chậm"),  # due in 3 days
        ("in_progress", "Đang thực hiện"),
        ("done_on_time", "Hoàn thành đúng hạn"),  # folded, last
    ]
    assert "35%" in html
    assert f"/tasks/{plan.tasks.get(position=0).pk}/progress/new" in html


@pytest.fixture
def two_years(cast, orgs, coops):
    """Last year's plan with one open task; this year's two plans."""
    year = timezone.localdate().year
    return {
        "old": make_issued_plan(orgs, coops, "Kế hoạch cũ", [-100], year=year - 1),
        "links": make_issued_plan(orgs, coops, "Kế hoạch liên kết", [30, 200]),
        "training": make_issued_plan(orgs, coops, "Kế hoạch tập huấn", [-2]),
    }


def test_filters_offer_only_the_users_plans_years_and_states(two_years, cast, login, orgs):
    other = Plan.objects.create(
        issuer=orgs["ubnd_b"], year=2019, title="Kế hoạch Phú Tân", issuer_name="X", place="Phú Tân"
    )
    form = login(cast["staff_a"]).get("/my-tasks/").context["form"]

    plans = [value for value, _label in form.fields["plan"].choices if value]
    assert sorted(plans) == sorted(p.pk for p in two_years.values()) and other.pk not in plans
    year = timezone.localdate().year
    assert [value for value, _label in form.fields["year"].choices] == ["", year, year - 1]
    assert [value for value, _label in form.fields["state"].choices] == ["", "overdue", "not_started"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=overdue", ["Kế hoạch tập huấn – nhiệm vụ 1", "Kế hoạch cũ – nhiệm vụ 1"]),
        ("year={last}", ["Kế hoạch cũ – nhiệm vụ 1"]),
        ("plan={links}", ["Kế hoạch liên kết – nhiệm vụ 1", "Kế hoạch liên kết – nhiệm vụ 2"]),
        ("plan={links}&state=overdue", []),
    ],
)
def test_filters_narrow_the_list(two_years, cast, login, query, expected):
    url = "/my-tasks/?" + query.format(last=timezone.localdate().year - 1, links=two_years["links"].pk)
    response = login(cast["staff_a"]).get(url)
    shown = response.context["current"] + response.context["folded"]
    assert titles(shown) == expected
    assert response.context["filtered"]
    html = response.content.decode()
    assert 'href="/my-tasks/">Bỏ lọc</a>' in html


def test_a_filtered_list_with_nothing_open_shows_the_folded_tasks_unfolded(two_years, cast, login):
    html = login(cast["staff_a"]).get(f"/my-tasks/?year={timezone.localdate().year - 1}").content.decode()
    assert "Không có nhiệm vụ đang mở nào khớp với bộ lọc." in html
    assert '<details class="my-tasks-fold my-tasks-folded mt-4" open>' in html
    assert '<details class="my-tasks-fold mb-3" open>' in html  # the filters stay in sight


@pytest.mark.parametrize("query", ["plan=999999", "year=abc", "state=bogus", "plan=&year=&state=", "year=1999"])
def test_bad_filter_values_are_ignored_and_the_list_stays_unfiltered(two_years, cast, login, query):
    client = login(cast["staff_a"])
    everything = client.get("/my-tasks/")
    response = client.get(f"/my-tasks/?{query}")
    assert response.status_code == 200
    assert titles(response.context["current"]) == titles(everything.context["current"])
    assert titles(response.context["folded"]) == titles(everything.context["folded"]) == ["Kế hoạch cũ – nhiệm vụ 1"]
    assert not response.context["filtered"]
    assert "errorlist" not in response.content.decode()


def test_a_bad_value_leaves_the_good_filters_working(two_years, cast, login):
    response = login(cast["staff_a"]).get(f"/my-tasks/?plan={two_years['training'].pk}&state=bogus")
    assert titles(response.context["current"]) == ["Kế hoạch tập huấn – nhiệm vụ 1"]


def test_another_cooperatives_tasks_are_not_listed(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch tập huấn", [5])
    response = login(cast["staff_b"]).get("/my-tasks/")
    assert response.context["current"] == [] and response.context["folded"] == []
    assert "Hiện chưa có nhiệm vụ nào" in response.content.decode()


def test_the_navbar_links_my_tasks_for_cooperative_staff_only(cast, login, db):
    assert 'href="/my-tasks/"' in login(cast["staff_a"]).get("/").content.decode()
    assert 'href="/my-tasks/"' not in login(cast["editor_a"]).get("/").content.decode()


def test_officials_get_an_explanation_instead_of_a_list(cast, login, db):
    assert "dành cho nhân viên hợp tác xã" in login(cast["reviewer"]).get("/my-tasks/").content.decode()


def test_the_page_is_made_of_cards_for_a_phone(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch 1", [3, 9])
    html = login(cast["staff_a"]).get("/my-tasks/").content.decode()
    assert 'name="viewport" content="width=device-width' in html
    assert "<table" not in html and html.count('<li class="card') == 2


def test_the_queries_stay_the_same_from_2_to_20_plans(cast, login, orgs, coops):
    client = login(cast["staff_a"])
    year = timezone.localdate().year

    def add_plans(count: int) -> None:
        for i in range(count):
            plan = make_issued_plan(orgs, coops, f"Kế hoạch {Plan.objects.count()}", [i - 3, i + 10], year=year - i % 3)
            report(plan.tasks.get(position=0), cast["staff_a"], 100 if i % 2 else 40)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/my-tasks/?state=overdue")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add_plans(2)
    with_two = queries()
    add_plans(18)
    assert len(client.get("/my-tasks/").context["folded"]) > 10
    assert queries() == with_two


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/my-tasks/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
