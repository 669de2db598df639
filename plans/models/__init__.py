"""The plans app's models, one module per subject; imported here so that
Django finds them and migrations keep their `plans.models` paths."""

from plans.models.documents import DocumentStatus, NumberedDocument, NumberRegister
from plans.models.plan import (
    PART_MODELS,
    ExtraSection,
    LegalBasis,
    Objective,
    Plan,
    PlanPart,
    Recipient,
    Remark,
    RemarkBase,
    Solution,
    Task,
)
from plans.models.progress import Evidence, ProgressUpdate, SentReminder
from plans.models.text import MAX_BODY_CHARS, MAX_WORD_CHARS, validate_document_text

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_WORD_CHARS",
    "PART_MODELS",
    "DocumentStatus",
    "Evidence",
    "ExtraSection",
    "NumberedDocument",
    "LegalBasis",
    "NumberRegister",
    "Objective",
    "Plan",
    "PlanPart",
    "ProgressUpdate",
    "Recipient",
    "Remark",
    "RemarkBase",
    "SentReminder",
    "Solution",
    "Task",
    "validate_document_text",
]
