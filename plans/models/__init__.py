"""The plans app's models, one module per subject; imported here so that
Django finds them and migrations keep their `plans.models` paths."""

from plans.models.appendix import Appendix, table_rows, table_text
from plans.models.documents import DocumentStatus, NumberedDocument, NumberRegister
from plans.models.plan import (
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

# The parts of a plan's text by the kind named in URLs and forms.
PART_MODELS: dict[str, type[PlanPart]] = {
    "legal-basis": LegalBasis,
    "objective": Objective,
    "task": Task,
    "solution": Solution,
    "extra": ExtraSection,
    "recipient": Recipient,
    "appendix": Appendix,
}

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_WORD_CHARS",
    "PART_MODELS",
    "Appendix",
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
    "table_rows",
    "table_text",
    "validate_document_text",
]
