"""Writes that touch more than one row, workflow steps and number allocation,
one module per job:

- register.py   the number register (sổ đăng ký văn bản đi)
- lifecycle.py  the workflow every numbered document shares
- authoring.py  a new draft and its own fields
- parts.py      the ordered parts of a draft's text
- workflow.py   a plan's steps through the lifecycle
- copying.py    next year's copy and the amendment of an issued plan
- remarks.py    the district's review remarks
- recipients.py recipients linked to organisations after the issue

Progress (logging, evidence, reminders) lives in plans/progress/, reading
interchange files back into rows in plans/interchange/load.py.
"""

from plans.services.authoring import (
    PLAN_FIELDS,
    DuplicatePlanError,
    StalePlanError,
    live_plan_check,
    live_plans,
    plan_create,
    plan_import,
    plan_update,
)
from plans.services.copying import copy_year_proposal, plan_amend, plan_copy, year_mentions_move
from plans.services.lifecycle import StaleVersionError
from plans.services.parts import (
    PART_FIELDS,
    PART_MODELS,
    plan_part_add,
    plan_part_delete,
    plan_part_move,
    plan_part_update,
)
from plans.services.recipients import recipient_link
from plans.services.register import number_allocate
from plans.services.remarks import remark_add, remark_resolve
from plans.services.workflow import plan_approve, plan_issue, plan_return, plan_submit, plan_submit_warnings

__all__ = [
    "DuplicatePlanError",
    "PART_FIELDS",
    "PART_MODELS",
    "PLAN_FIELDS",
    "StalePlanError",
    "StaleVersionError",
    "copy_year_proposal",
    "live_plan_check",
    "live_plans",
    "number_allocate",
    "plan_amend",
    "plan_approve",
    "plan_copy",
    "plan_create",
    "plan_import",
    "plan_issue",
    "plan_part_add",
    "plan_part_delete",
    "plan_part_move",
    "plan_part_update",
    "plan_return",
    "plan_submit",
    "plan_submit_warnings",
    "plan_update",
    "recipient_link",
    "remark_add",
    "remark_resolve",
    "year_mentions_move",
]
