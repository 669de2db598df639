"""One form per user action, by subject: plan.py (a draft, its fields, copy,
import), parts.py (the parts of its text), workflow.py (issue, return,
remark), lists.py (the plan list's filters)."""

from plans.forms.lists import NEEDS, PlanFilterForm
from plans.forms.parts import (
    AppendixForm,
    ExtraSectionForm,
    LegalBasisForm,
    ObjectiveForm,
    RecipientForm,
    SolutionForm,
    TaskForm,
)
from plans.forms.plan import (
    BODY_HELP,
    PlanCopyForm,
    PlanCreateForm,
    PlanForm,
    PlanImportForm,
    PlanImportSaveForm,
    cooperatives_for,
)
from plans.forms.workflow import IssueForm, RemarkForm, ReturnForm

__all__ = [
    "BODY_HELP",
    "NEEDS",
    "AppendixForm",
    "ExtraSectionForm",
    "IssueForm",
    "LegalBasisForm",
    "ObjectiveForm",
    "PlanCopyForm",
    "PlanCreateForm",
    "PlanFilterForm",
    "PlanForm",
    "PlanImportForm",
    "PlanImportSaveForm",
    "RecipientForm",
    "RemarkForm",
    "ReturnForm",
    "SolutionForm",
    "TaskForm",
    "cooperatives_for",
]
