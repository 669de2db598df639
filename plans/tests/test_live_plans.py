"""One live plan per issuer, year and type (services.live_plans, live_plan_check):
a second one is refused naming the first, unless it gives the reason of an
additional plan; an amendment is no second plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.interchange.export import plan_to_dict
from plans.models import Plan
from plans.outline import prefetch_plan_text

Status = Plan.Status


def create(cast, orgs, year=2022, **extra):
    return services.plan_create(
        user=cast["editor_a"], issuer=orgs["ubnd_a"], year=year, title=f"Kế hoạch hỗ trợ HTX năm {year}", **extra
    )


def issue(plan, number=1):
    Plan.objects.filter(pk=plan.pk).update(status=Status.ISSUED, number=number, issued_on=datetime.date(2022, 1, 5))
    plan.refresh_from_db()
    return plan


def test_a_second_plan_of_the_year_is_refused_naming_the_first(plan_a, cast, orgs):
    with pytest.raises(services.DuplicatePlanError) as refusal:
        create(cast, orgs)
    assert refusal.value.existing == [plan_a]
    message = refusal.value.message_dict["additional_reason"][0]
    assert message.startswith("UBND xã Vĩnh Lợi đã có kế hoạch “Củng cố, nâng chất hoạt động hợp tác xã năm 2022”")
    assert "(dự thảo) cho năm 2022" in message and "kế hoạch bổ sung" in message
    assert Plan.objects.filter(year=2022).count() == 1


def test_an_issued_plan_is_named_by_its_number_and_the_message_points_to_amending_it(plan_a, cast, orgs):
    issue(plan_a, number=4)
    with pytest.raises(services.DuplicatePlanError) as refusal:
        create(cast, orgs)
    message = refusal.value.message_dict["additional_reason"][0]
    assert "kế hoạch số 04/KH-UBND" in message and "(đã ban hành)" in message
    assert "“Sửa đổi kế hoạch”" in message


def test_the_reason_of_an_additional_plan_lets_it_in_and_is_stored(plan_a, cast, orgs):
    extra = create(cast, orgs, additional_reason="  Kế hoạch bổ sung về chuyển đổi số  ")
    assert extra.year == 2022 and extra.additional_reason == "Kế hoạch bổ sung về chuyển đổi số"
    # A third needs its own reason too: both earlier plans are live.
    with pytest.raises(services.DuplicatePlanError) as refusal:
        create(cast, orgs)
    assert refusal.value.existing == [plan_a, extra]


def test_the_first_plan_of_a_year_stores_no_reason(cast, orgs):
    assert create(cast, orgs, year=2030, additional_reason="không cần").additional_reason == ""


def test_other_years_and_other_issuers_are_not_duplicates(plan_a, cast, orgs):
    assert create(cast, orgs, year=2023).year == 2023
    other = services.plan_create(user=cast["editor_b"], issuer=orgs["ubnd_b"], year=2022, title="Kế hoạch Phú Tân")
    assert other.issuer == orgs["ubnd_b"]


def test_a_plan_replaced_by_an_issued_amendment_is_no_longer_live(plan_a, cast, orgs):
    issue(plan_a)
    amendment = services.plan_amend(plan=plan_a, user=cast["editor_a"])
    # While the amendment is written, both it and the plan in force are live.
    assert services.live_plans(issuer=orgs["ubnd_a"], year=2022) == [plan_a, amendment]
    issue(amendment, number=2)
    assert services.live_plans(issuer=orgs["ubnd_a"], year=2022) == [amendment]


def test_moving_a_plan_to_a_year_that_has_one_is_refused_on_the_year(plan_a, cast, orgs):
    other = create(cast, orgs, year=2023)
    with pytest.raises(services.DuplicatePlanError) as refusal:
        services.plan_update(plan=other, user=cast["editor_a"], version=other.version, year=2022)
    assert "year" in refusal.value.message_dict and refusal.value.existing == [plan_a]
    assert Plan.objects.get(pk=other.pk).year == 2023
    moved = services.plan_update(
        plan=other, user=cast["editor_a"], version=other.version, year=2022, additional_reason="Bổ sung giữa năm"
    )
    assert (moved.year, moved.additional_reason) == (2022, "Bổ sung giữa năm")


def test_the_reason_of_an_additional_plan_cannot_be_wiped_while_the_other_plan_lives(plan_a, cast, orgs):
    extra = create(cast, orgs, additional_reason="Bổ sung giữa năm")
    with pytest.raises(services.DuplicatePlanError):
        services.plan_update(plan=extra, user=cast["editor_a"], version=extra.version, additional_reason="")
    # Saving the first plan of the year needs no reason at all.
    services.plan_update(plan=plan_a, user=cast["editor_a"], version=plan_a.version, title="Tên mới năm 2022")


def test_importing_an_issued_plan_again_is_refused_and_with_a_reason_is_an_additional_plan(seed_plan):
    data = plan_to_dict(prefetch_plan_text(Plan.objects.filter(pk=seed_plan.pk)).get())
    count = Plan.objects.count()
    with pytest.raises(services.DuplicatePlanError) as refusal:
        services.plan_import(data=data, issuer=seed_plan.issuer)
    assert refusal.value.existing == [seed_plan]
    assert "kế hoạch số 01/KH-UBND" in refusal.value.message_dict["additional_reason"][0]
    assert Plan.objects.count() == count
    extra = services.plan_import(data=data, issuer=seed_plan.issuer, additional_reason="Nhập lại để đối chiếu")
    assert (extra.year, extra.status, extra.additional_reason) == (2021, Status.DRAFT, "Nhập lại để đối chiếu")


def test_a_bad_year_in_an_imported_file_is_refused_before_anything_else(orgs):
    with pytest.raises(ValidationError, match="Năm 1890 nằm ngoài khoảng 2000–2100"):
        services.plan_import(
            data={"format": "htxplan.plan/1", "title": "Kế hoạch", "year": 1890}, issuer=orgs["ubnd_a"]
        )
    assert not Plan.objects.exists()


def test_an_amendment_is_no_second_plan_and_keeps_the_reason_of_an_additional_one(plan_a, cast, orgs):
    issue(plan_a)
    extra = issue(create(cast, orgs, additional_reason="Bổ sung giữa năm"), number=2)
    assert services.plan_amend(plan=plan_a, user=cast["editor_a"]).additional_reason == ""
    assert services.plan_amend(plan=extra, user=cast["editor_a"]).additional_reason == "Bổ sung giữa năm"


@pytest.mark.django_db(transaction=True)
def test_two_editors_creating_the_years_plan_at_once_make_one(orgs, cast):
    """The issuer's row lock: the second waits for the first to commit, then finds its plan."""
    import threading
    import time

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the row lock is PostgreSQL's")
    first_checked, outcome = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                create(cast, orgs, year=2030)
                first_checked.set()
                time.sleep(0.5)  # the second request arrives meanwhile
        finally:
            connection.close()

    def second():
        first_checked.wait(5)
        try:
            create(cast, orgs, year=2030)
            outcome["second"] = "created"
        except services.DuplicatePlanError:
            outcome["second"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome == {"second": "refused"}
    assert Plan.objects.filter(year=2030).count() == 1
