"""Every workflow transition of plans.services and every refusal."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import Plan, ProgressUpdate

Status = Plan.Status


def test_submit_moves_a_draft_to_submitted_and_clears_the_return_reason(ready, cast):
    Plan.objects.filter(pk=ready.pk).update(return_reason="Thiếu nơi nhận")
    plan = services.plan_submit(plan=ready, user=cast["editor_a"])
    assert plan.status == Status.SUBMITTED and plan.return_reason == "" and plan.version == 2
    assert plan.history.first().history_user == cast["editor_a"]


def test_submit_twice_is_refused_harmlessly(ready, cast):
    services.plan_submit(plan=ready, user=cast["editor_a"])
    with pytest.raises(ValidationError, match="đã được trình"):
        services.plan_submit(plan=ready, user=cast["editor_a"])
    assert Plan.objects.get(pk=ready.pk).version == 2


def test_submit_refuses_a_plan_without_tasks_or_recipients(plan_a, cast):
    plan_a.tasks.all().delete()
    with pytest.raises(ValidationError, match="chưa có nhiệm vụ nào, chưa có nơi nhận"):
        services.plan_submit(plan=plan_a, user=cast["editor_a"])


def test_approve_needs_a_submitted_plan(ready, cast):
    with pytest.raises(ValidationError, match="Chỉ duyệt được kế hoạch đã trình"):
        services.plan_approve(plan=ready, user=cast["approver_a"])
    services.plan_submit(plan=ready, user=cast["editor_a"])
    assert services.plan_approve(plan=ready, user=cast["approver_a"]).status == Status.APPROVED
    with pytest.raises(ValidationError, match="đã được duyệt rồi"):
        services.plan_approve(plan=ready, user=cast["approver_a"])


@pytest.mark.parametrize("steps", [1, 2])
def test_return_sends_a_submitted_or_approved_plan_back_to_draft_with_its_reason(ready, cast, steps):
    services.plan_submit(plan=ready, user=cast["editor_a"])
    if steps == 2:
        services.plan_approve(plan=ready, user=cast["approver_a"])
    plan = services.plan_return(plan=ready, user=cast["approver_a"], reason="Bổ sung chỉ tiêu cho nhiệm vụ 1")
    assert plan.status == Status.DRAFT and plan.return_reason == "Bổ sung chỉ tiêu cho nhiệm vụ 1"


def test_return_needs_a_reason_and_a_plan_under_review(ready, cast):
    services.plan_submit(plan=ready, user=cast["editor_a"])
    with pytest.raises(ValidationError, match="Hãy ghi lý do"):
        services.plan_return(plan=ready, user=cast["approver_a"], reason="  ")
    services.plan_return(plan=ready, user=cast["approver_a"], reason="Sửa lại")
    with pytest.raises(ValidationError, match="Không trả lại được"):
        services.plan_return(plan=ready, user=cast["approver_a"], reason="Sửa lại")


def _issued(plan, cast, day=datetime.date(2022, 1, 5)):
    services.plan_submit(plan=plan, user=cast["editor_a"])
    services.plan_approve(plan=plan, user=cast["approver_a"])
    return services.plan_issue(plan=plan, user=cast["approver_a"], issued_on=day)


def test_issue_gives_the_next_number_the_symbol_and_the_date(ready, cast):
    plan = _issued(ready, cast)
    assert (plan.status, plan.number, plan.symbol, plan.issued_on) == (
        Status.ISSUED,
        1,
        "KH-UBND",
        datetime.date(2022, 1, 5),
    )
    assert plan.number_label == "01/KH-UBND"
    assert "01/kh-ubnd" in Plan.objects.get(pk=plan.pk).search_text


def test_issue_twice_is_refused_and_takes_no_second_number(ready, cast):
    _issued(ready, cast)
    with pytest.raises(ValidationError, match="đã được ban hành rồi"):
        services.plan_issue(plan=ready, user=cast["approver_a"])
    assert Plan.objects.get(pk=ready.pk).number == 1


def test_issue_refuses_a_plan_not_approved(ready, cast):
    with pytest.raises(ValidationError, match="đã được duyệt"):
        services.plan_issue(plan=ready, user=cast["approver_a"])


def test_issued_plans_are_read_only_in_the_services(ready, cast):
    _issued(ready, cast)
    task = ready.tasks.get()
    refusals = [
        lambda: services.plan_update(plan=ready, user=cast["editor_a"], version=None, title="Khác"),
        lambda: services.plan_part_add(
            plan=ready, user=cast["editor_a"], kind="task", version=None, fields={"title": "x"}
        ),
        lambda: services.plan_part_update(part=task, user=cast["editor_a"], version=None, fields={"title": "x"}),
        lambda: services.plan_part_delete(part=task, user=cast["editor_a"], version=None),
        lambda: services.plan_part_move(part=task, user=cast["editor_a"], version=None, offset=1),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError, match="không sửa được"):
            refuse()
    assert Plan.objects.get(pk=ready.pk).title == ready.title


def test_a_stale_version_is_refused_with_the_current_version(plan_a, cast):
    services.plan_update(plan=plan_a, user=cast["editor_a"], version=1, title="Bản của người thứ nhất")
    with pytest.raises(services.StalePlanError) as refusal:
        services.plan_update(plan=plan_a, user=cast["editor_a"], version=1, title="Bản của người thứ hai")
    assert refusal.value.plan.version == 2 and refusal.value.since_version == 1
    assert Plan.objects.get(pk=plan_a.pk).title == "Bản của người thứ nhất"


def test_a_task_due_before_its_start_is_refused(plan_a, cast):
    with pytest.raises(ValidationError) as refusal:
        services.plan_part_add(
            plan=plan_a,
            user=cast["editor_a"],
            kind="task",
            version=1,
            fields={"title": "Tập huấn", "start_on": datetime.date(2022, 5, 1), "due_on": datetime.date(2022, 4, 1)},
        )
    assert "không được trước ngày bắt đầu" in refusal.value.message_dict["due_on"][0]


def test_copy_to_next_year_moves_year_and_dates_and_leaves_progress_behind(ready, cast, coops):
    task = ready.tasks.get()
    task.start_on, task.due_on = datetime.date(2022, 2, 1), datetime.date(2022, 12, 31)
    task.save()
    _issued(ready, cast)
    ProgressUpdate.objects.create(
        task=task,
        reported_on=datetime.date(2022, 3, 1),
        percent=40,
        status="on_track",
        work_done="Đã phun 20 ha",
        author=cast["staff_a"],
    )
    copy = services.plan_copy(plan=ready, user=cast["editor_a"], year=2023)
    assert (copy.year, copy.status, copy.number, copy.issued_on) == (2023, Status.DRAFT, None, None)
    assert copy.title == "Củng cố, nâng chất hoạt động hợp tác xã năm 2023"
    assert copy.copied_from == ready and copy.supersedes is None
    new_task = copy.tasks.get()
    assert (new_task.start_on, new_task.due_on) == (datetime.date(2023, 2, 1), datetime.date(2023, 12, 31))
    assert not new_task.updates.exists()
    assert list(copy.cooperatives.all()) == [coops["a"]]
    assert [r.label for r in copy.recipients.all()] == ["Phòng NN&PTNT"]


def test_amend_makes_a_new_draft_superseding_the_issued_plan_once(ready, cast):
    with pytest.raises(ValidationError, match="Chỉ kế hoạch đã ban hành"):
        services.plan_amend(plan=ready, user=cast["editor_a"])
    _issued(ready, cast)
    amendment = services.plan_amend(plan=ready, user=cast["editor_a"])
    assert (amendment.status, amendment.year, amendment.supersedes) == (Status.DRAFT, 2022, ready)
    assert amendment.tasks.get().title == "Phun thuốc bằng drone"
    with pytest.raises(ValidationError, match="đã có bản sửa đổi"):
        services.plan_amend(plan=ready, user=cast["editor_a"])


def test_remarks_only_on_a_submitted_plan_and_resolving_twice_is_harmless(ready, cast):
    with pytest.raises(ValidationError, match="đang chờ duyệt"):
        services.remark_add(plan=ready, user=cast["reviewer"], body="Cần thêm chỉ tiêu")
    services.plan_submit(plan=ready, user=cast["editor_a"])
    with pytest.raises(ValidationError):
        services.remark_add(plan=ready, user=cast["reviewer"], body=" ")
    remark = services.remark_add(plan=ready, user=cast["reviewer"], body="Cần thêm chỉ tiêu")
    services.remark_resolve(remark=remark, user=cast["editor_a"])
    first = remark.__class__.objects.get(pk=remark.pk).resolved_at
    services.remark_resolve(remark=remark, user=cast["approver_a"])
    again = remark.__class__.objects.get(pk=remark.pk)
    assert again.resolved_at == first and again.resolved_by == cast["editor_a"]


def test_copy_moves_the_plans_year_in_its_text_but_not_dates_or_other_years(ready, cast):
    ready.preamble = (
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 5 tháng 3 năm 2022 của UBND huyện; "
        "UBND xã xây dựng kế hoạch củng cố hợp tác xã năm 2022 như sau:"
    )
    ready.closing = "Trên đây là kế hoạch củng cố, nâng chất hợp tác xã Năm 2022; giai đoạn năm 2022-2025 giữ nguyên."
    ready.save()
    ready.legal_bases.create(position=0, text="Căn cứ Kế hoạch số 18/KH-PNN về việc củng cố hợp tác xã năm 2022.")
    ready.objectives.create(position=0, title="Mục tiêu năm 2022", body="Đến cuối năm 2022 thành lập mới 01 HTX.")
    task = ready.tasks.get()
    task.title, task.body = "Tổng kết năm 2022", "Theo Luật Hợp tác xã năm 2023 và số liệu 2022; báo cáo 2.022 ha."
    task.save()

    copy = services.plan_copy(plan=ready, user=cast["editor_a"], year=2023)

    assert copy.preamble == (
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 5 tháng 3 năm 2022 của UBND huyện; "
        "UBND xã xây dựng kế hoạch củng cố hợp tác xã năm 2023 như sau:"
    )
    assert copy.closing == (
        "Trên đây là kế hoạch củng cố, nâng chất hợp tác xã Năm 2023; giai đoạn năm 2022-2025 giữ nguyên."
    )
    assert copy.legal_bases.get().text.endswith("hợp tác xã năm 2022.")  # a legal basis keeps its own dates
    objective = copy.objectives.get()
    assert (objective.title, objective.body) == ("Mục tiêu năm 2023", "Đến cuối năm 2023 thành lập mới 01 HTX.")
    new_task = copy.tasks.get()
    assert new_task.title == "Tổng kết năm 2023"
    assert new_task.body == "Theo Luật Hợp tác xã năm 2023 và số liệu 2022; báo cáo 2.022 ha."


def test_an_amendment_keeps_every_year_mention(ready, cast):
    ready.preamble = "Kế hoạch củng cố hợp tác xã năm 2022."
    ready.save()
    _issued(ready, cast)
    assert services.plan_amend(plan=ready, user=cast["editor_a"]).preamble == "Kế hoạch củng cố hợp tác xã năm 2022."


def test_a_double_click_on_copy_makes_one_draft(ready, cast):
    first = services.plan_copy(plan=ready, user=cast["editor_a"])
    second = services.plan_copy(plan=ready, user=cast["editor_a"])
    assert second.pk == first.pk
    assert Plan.objects.filter(copied_from=ready).count() == 1


def test_copying_again_after_editing_the_copy_is_refused_naming_the_draft_unless_a_reason_is_given(ready, cast):
    first = services.plan_copy(plan=ready, user=cast["editor_a"])
    Plan.objects.filter(pk=first.pk).update(version=2)
    with pytest.raises(services.DuplicatePlanError) as refusal:
        services.plan_copy(plan=ready, user=cast["editor_a"])
    assert refusal.value.existing == [first]
    assert "đã có kế hoạch “" in refusal.value.message_dict["additional_reason"][0]
    second = services.plan_copy(
        plan=ready, user=cast["editor_a"], additional_reason="Kế hoạch bổ sung về chuyển đổi số"
    )
    assert second.pk != first.pk and second.additional_reason == "Kế hoạch bổ sung về chuyển đổi số"
