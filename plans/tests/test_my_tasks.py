import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Plan, ProgressUpdate


def make_issued_plan(orgs, coops, title, due_days, year=None):
    """An issued plan of commune A whose tasks for cooperative A are due in
    `due_days` days from today (a date: that day; None: no due date)."""
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
            due_on=days if isinstance(days, datetime.date | None) else today + datetime.timedelta(days=days),
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


YEAR = timezone.localdate().year


def test_done_tasks_are_folded_away_below_the_open_ones(cast, login, orgs, coops):
    this = make_issued_plan(orgs, coops, "Kế hoạch năm nay", [10, 40, 60])
    report(this.tasks.get(position=2), cast["staff_a"], 100)

    response = login(cast["staff_a"]).get("/my-tasks/")

    assert titles(response.context["current"]) == ["Kế hoạch năm nay – nhiệm vụ 1", "Kế hoạch năm nay – nhiệm vụ 2"]
    assert titles(response.context["folded"]) == ["Kế hoạch năm nay – nhiệm vụ 3"]
    html = response.content.decode()
    folded = html[html.index("my-tasks-folded") :]
    assert "<summary>Đã hoàn thành (1)</summary>" in folded
    assert '<details class="my-tasks-fold my-tasks-folded mt-4">' in html  # closed: no open attribute
    assert html.index("Kế hoạch năm nay – nhiệm vụ 1") < html.index("my-tasks-folded")
    assert "Kế hoạch năm nay – nhiệm vụ 3" in folded and "Kế hoạch năm nay – nhiệm vụ 1" not in folded


@pytest.fixture
def last_year(cast, orgs, coops):
    """Last year's plan: a task done last year, one left open last year,
    one still open and due at the end of this year, one done this year."""
    plan = make_issued_plan(
        orgs,
        coops,
        "Kế hoạch năm trước",
        [datetime.date(YEAR - 1, 6, 30), datetime.date(YEAR - 1, 9, 30), datetime.date(YEAR, 12, 31)]
        + [datetime.date(YEAR, 12, 31)],
        year=YEAR - 1,
    )
    report(plan.tasks.get(position=0), cast["staff_a"], 100, days_ago=400)
    report(plan.tasks.get(position=3), cast["staff_a"], 100)
    return plan


def test_a_past_years_done_task_is_not_shown_by_default_but_under_its_year(last_year, cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30])
    client = login(cast["staff_a"])

    response = client.get("/my-tasks/")
    shown = titles(response.context["current"] + response.context["folded"])
    assert sorted(shown) == ["Kế hoạch năm nay – nhiệm vụ 1", "Kế hoạch năm trước – nhiệm vụ 3"]
    assert "Kế hoạch năm trước – nhiệm vụ 1" not in response.content.decode()

    response = client.get(f"/my-tasks/?year={YEAR - 1}")
    assert titles(response.context["current"]) == ["Kế hoạch năm trước – nhiệm vụ 2", "Kế hoạch năm trước – nhiệm vụ 3"]
    assert titles(response.context["folded"]) == ["Kế hoạch năm trước – nhiệm vụ 1", "Kế hoạch năm trước – nhiệm vụ 4"]
    html = response.content.decode()
    assert f'<h1 class="h4 mb-3">Việc của tôi · năm {YEAR - 1}</h1>' in html
    assert f"Nhiệm vụ đang mở của các kế hoạch năm {YEAR - 1}, hạn gần nhất trước." in html
    assert "Kế hoạch năm nay – nhiệm vụ 1" not in html


def test_a_past_years_task_still_open_and_due_this_year_is_shown_by_default(last_year, cast, login):
    response = login(cast["staff_a"]).get("/my-tasks/")
    # Not the one left open last year, nor the one done this year: the one still to do.
    assert titles(response.context["current"]) == ["Kế hoạch năm trước – nhiệm vụ 3"]
    assert response.context["folded"] == []
    html = response.content.decode()
    assert f"Nhiệm vụ đang mở của các kế hoạch từ năm {YEAR} và của kế hoạch năm trước còn hạn trong năm {YEAR}" in html
    assert f"/tasks/{last_year.tasks.get(position=2).pk}/progress/new" in html


def test_a_past_years_task_due_in_january_and_still_open_is_late_this_year(cast, login, orgs, coops):
    plan = make_issued_plan(orgs, coops, "Kế hoạch năm trước", [datetime.date(YEAR, 1, 1)], year=YEAR - 1)
    report(plan.tasks.get(), cast["staff_a"], 60, days_ago=(timezone.localdate() - datetime.date(YEAR - 1, 12, 1)).days)
    [tp] = login(cast["staff_a"]).get("/my-tasks/").context["current"]
    assert tp.task == plan.tasks.get() and tp.percent == 60
    assert tp.is_late or timezone.localdate() == datetime.date(YEAR, 1, 1)


def test_current_my_tasks_reads_done_as_the_roll_up_does(cast, orgs, coops):
    """A task reported done, then reopened on the same day, is open: the newest update counts."""
    from plans import access

    due = [datetime.date(YEAR, 12, 31)] * 2
    plan = make_issued_plan(orgs, coops, "Kế hoạch năm trước", due, year=YEAR - 1)
    reopened, done = plan.tasks.get(position=0), plan.tasks.get(position=1)
    report(reopened, cast["staff_a"], 100)
    report(reopened, cast["staff_a"], 60)
    report(done, cast["staff_a"], 60)
    report(done, cast["staff_a"], 100)
    assert list(access.current_my_tasks(cast["staff_a"])) == [reopened]
    assert access.current_my_tasks(cast["staff_b"]).count() == 0


def test_the_year_links_list_the_past_years_that_have_tasks(last_year, cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30])
    make_issued_plan(orgs, coops, "Kế hoạch 2019", [datetime.date(2019, 5, 1)], year=2019)
    make_issued_plan(orgs, coops, "Kế hoạch năm sau", [400], year=YEAR + 1)
    Plan.objects.create(issuer=orgs["ubnd_a"], year=2017, title="Dự thảo", issuer_name="X", place="Y")  # a draft
    other = make_issued_plan(orgs, coops, "Kế hoạch của HTX khác", [datetime.date(2018, 5, 1)], year=2018)
    other.tasks.update(cooperative=coops["b"])
    client = login(cast["staff_a"])

    def links(html: str) -> list[tuple[str, str]]:
        nav = html[html.index('<nav class="mb-3" aria-label="Nhiệm vụ theo năm">') :]
        nav = nav[: nav.index("</nav>")]
        return re.findall(r'<a class="nav-link[^"]*"( aria-current="page")? href="([^"]+)">([^<]+)</a>', nav)

    html = client.get("/my-tasks/").content.decode()
    assert links(html) == [
        (' aria-current="page"', "/my-tasks/", "Hiện hành"),
        ("", f"/my-tasks/?year={YEAR - 1}", str(YEAR - 1)),
        ("", "/my-tasks/?year=2019", "2019"),
    ]
    assert "Năm trước:" in html
    assert "Kế hoạch năm sau – nhiệm vụ 1" in html  # a later plan is current
    year_select = html[html.index('name="year"') : html.index("</select>", html.index('name="year"'))]
    assert re.findall(r'<option value="([^"]*)"', year_select) == ["", str(YEAR + 1), str(YEAR), str(YEAR - 1), "2019"]

    html = client.get("/my-tasks/?year=2019").content.decode()
    assert links(html) == [
        ("", "/my-tasks/", "Hiện hành"),
        ("", f"/my-tasks/?year={YEAR - 1}", str(YEAR - 1)),
        (' aria-current="page"', "/my-tasks/?year=2019", "2019"),
    ]
    assert "Kế hoạch 2019 – nhiệm vụ 1" in html and "Kế hoạch năm nay" not in html
    assert '<option value="2019" selected>2019</option>' in html


def test_only_this_years_tasks_means_no_past_years_links(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30])
    html = login(cast["staff_a"]).get("/my-tasks/").content.decode()
    assert "Năm trước:" not in html and "Hiện hành" in html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "“abc” không phải là một năm. Dưới đây là các nhiệm vụ hiện hành."),
        ("2025.5", "“2025.5” không phải là một năm."),
        ("9" * 5000, f"“{'9' * 20}” không phải là một năm."),
        ("<b>x</b>", "“&lt;b&gt;x&lt;/b&gt;” không phải là một năm."),
        (
            "1999",
            "Hợp tác xã của bạn không có nhiệm vụ nào trong kế hoạch năm 1999. Dưới đây là các nhiệm vụ hiện hành.",
        ),
        ("-1", "không có nhiệm vụ nào trong kế hoạch năm -1."),
        ("99999999999999999999", "không có nhiệm vụ nào trong kế hoạch năm 99999999999999999999."),
    ],
)
def test_a_bad_year_is_answered_in_words_over_the_current_tasks(last_year, cast, login, value, message):
    client = login(cast["staff_a"])
    response = client.get("/my-tasks/", {"year": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="alert alert-warning" role="alert">' in html and message in html
    assert titles(response.context["current"]) == ["Kế hoạch năm trước – nhiệm vụ 3"]
    assert response.context["year"] is None and not response.context["filtered"]


def test_officials_are_not_told_about_years(cast, login, db):
    html = login(cast["reviewer"]).get("/my-tasks/?year=abc").content.decode()
    assert "không phải là một năm" not in html and "dành cho nhân viên hợp tác xã" in html


def test_a_past_years_task_still_within_its_deadline_stays_in_the_open_list(cast, login, orgs, coops):
    due = [datetime.date(YEAR + 1, 3, 31), datetime.date(YEAR - 1, 12, 20)]
    make_issued_plan(orgs, coops, "Kế hoạch năm trước", due, year=YEAR - 1)
    response = login(cast["staff_a"]).get("/my-tasks/")
    assert titles(response.context["current"]) == ["Kế hoạch năm trước – nhiệm vụ 1"]
    assert response.context["folded"] == []


def test_with_nothing_open_the_page_says_where_new_tasks_will_appear(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch cũ", [datetime.date(YEAR - 1, 6, 30)], year=YEAR - 1)
    html = login(cast["staff_a"]).get("/my-tasks/").content.decode()
    assert "Không có nhiệm vụ nào đang mở. Nhiệm vụ của một kế hoạch mới hiện ở đây khi kế hoạch được ban hành." in html
    assert "Kế hoạch cũ – nhiệm vụ 1" not in html
    assert f'href="/my-tasks/?year={YEAR - 1}">{YEAR - 1}</a>' in html


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
    """Last year's plan with one task left open last year; this year's two plans."""
    return {
        "old": make_issued_plan(orgs, coops, "Kế hoạch cũ", [datetime.date(YEAR - 1, 10, 1)], year=YEAR - 1),
        "links": make_issued_plan(orgs, coops, "Kế hoạch liên kết", [30, 200]),
        "training": make_issued_plan(orgs, coops, "Kế hoạch tập huấn", [-2]),
    }


def test_filters_offer_only_the_users_plans_years_and_states(two_years, cast, login, orgs):
    other = Plan.objects.create(
        issuer=orgs["ubnd_b"], year=2019, title="Kế hoạch Phú Tân", issuer_name="X", place="Phú Tân"
    )
    client = login(cast["staff_a"])
    form = client.get("/my-tasks/").context["form"]

    plans = [value for value, _label in form.fields["plan"].choices if value]
    assert sorted(plans) == sorted([two_years["links"].pk, two_years["training"].pk]) and other.pk not in plans
    assert form.fields["year"].choices[0] == ("", "Nhiệm vụ hiện hành")
    assert [value for value, _label in form.fields["year"].choices] == ["", YEAR, YEAR - 1]
    assert [value for value, _label in form.fields["state"].choices] == ["", "overdue", "not_started"]
    # Last year's plan is offered with last year's tasks.
    form = client.get(f"/my-tasks/?year={YEAR - 1}").context["form"]
    assert [value for value, _label in form.fields["plan"].choices if value] == [two_years["old"].pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=overdue", ["Kế hoạch tập huấn – nhiệm vụ 1"]),
        ("year={last}", ["Kế hoạch cũ – nhiệm vụ 1"]),
        ("year={last}&state=overdue", ["Kế hoạch cũ – nhiệm vụ 1"]),
        (
            "year={this}",
            ["Kế hoạch tập huấn – nhiệm vụ 1", "Kế hoạch liên kết – nhiệm vụ 1", "Kế hoạch liên kết – nhiệm vụ 2"],
        ),
        ("plan={links}", ["Kế hoạch liên kết – nhiệm vụ 1", "Kế hoạch liên kết – nhiệm vụ 2"]),
        ("plan={links}&state=overdue", []),
    ],
)
def test_filters_narrow_the_list(two_years, cast, login, query, expected):
    url = "/my-tasks/?" + query.format(last=YEAR - 1, this=YEAR, links=two_years["links"].pk)
    response = login(cast["staff_a"]).get(url)
    shown = response.context["current"] + response.context["folded"]
    assert titles(shown) == expected
    assert response.context["filtered"]
    html = response.content.decode()
    assert 'href="/my-tasks/">Bỏ lọc</a>' in html


def test_a_filtered_list_with_nothing_open_shows_the_folded_tasks_unfolded(two_years, cast, login):
    report(two_years["old"].tasks.get(), cast["staff_a"], 100, days_ago=400)
    html = login(cast["staff_a"]).get(f"/my-tasks/?year={YEAR - 1}").content.decode()
    assert "Không có nhiệm vụ đang mở nào khớp với bộ lọc." in html
    assert '<details class="my-tasks-fold my-tasks-folded mt-4" open>' in html
    # The year is in the heading and the links: the filters stay folded, unless another is chosen.
    assert '<details class="my-tasks-fold mb-3">' in html
    html = login(cast["staff_a"]).get(f"/my-tasks/?year={YEAR - 1}&plan={two_years['old'].pk}").content.decode()
    assert '<details class="my-tasks-fold mb-3" open>' in html  # the filters stay in sight


@pytest.mark.parametrize("query", ["plan=999999", "state=bogus", "plan=&year=&state="])
def test_bad_filter_values_are_ignored_and_the_list_stays_unfiltered(two_years, cast, login, query):
    client = login(cast["staff_a"])
    everything = client.get("/my-tasks/")
    response = client.get(f"/my-tasks/?{query}")
    assert response.status_code == 200
    assert titles(response.context["current"]) == titles(everything.context["current"])
    assert len(response.context["current"]) == 3 and response.context["folded"] == []
    assert not response.context["filtered"]
    html = response.content.decode()
    assert "errorlist" not in html and "alert-warning" not in html


def test_an_old_link_to_a_past_plan_is_ignored_by_default_and_works_under_its_year(two_years, cast, login):
    client = login(cast["staff_a"])
    old = two_years["old"].pk
    assert len(client.get(f"/my-tasks/?plan={old}").context["current"]) == 3  # not among the current: no filter
    response = client.get(f"/my-tasks/?plan={old}&year={YEAR - 1}")
    assert titles(response.context["current"]) == ["Kế hoạch cũ – nhiệm vụ 1"]


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
            # Each plan a task done: the days tasks were done take their one query at both sizes.
            report(plan.tasks.get(position=0), cast["staff_a"], 100 if i % 2 else 40)
            report(plan.tasks.get(position=1), cast["staff_a"], 40 if i % 2 else 100)

    urls = ["/my-tasks/", "/my-tasks/?state=overdue", f"/my-tasks/?year={year - 1}"]

    def queries() -> list[int]:
        """Each page's queries when it is not cached yet."""
        cache.clear()
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    add_plans(2)
    with_two = queries()
    add_plans(18)
    assert len(client.get(f"/my-tasks/?year={year - 1}").context["current"]) > 5
    assert queries() == with_two, f"queries of {urls} with 2 plans: {with_two}, with 20: {queries()}"
    # Seen again, each list is read from the cache: session, user, memberships,
    # the units' versions and the navbar's counts.
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert "Kế hoạch" in client.get(url).content.decode()
        assert len(ctx.captured_queries) <= 5, (url, [q["sql"] for q in ctx.captured_queries])


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/my-tasks/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
