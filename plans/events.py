"""What happened to a document, for the apps that tell people about it.

The services emit an event at each workflow step (submitted, returned,
approved, issued) and for review remarks, inside their transaction; the
reports app listens (attached in ReportsConfig.ready()) and notifies the
people who must act next. plans never imports its listeners, and a
listener that sends anything does it once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class Kind:
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    ISSUED = "issued"
    REMARK_ADDED = "remark_added"
    REMARK_RESOLVED = "remark_resolved"


@dataclass(frozen=True)
class DocumentEvent:
    kind: str
    document: Any  # a NumberedDocument: a plan or a progress report
    actor: Any  # the user who acted, None for a command
    reason: str = ""
    remark: Any = None


_LISTENERS: list[Callable[[DocumentEvent], None]] = []


def listen(listener: Callable[[DocumentEvent], None]) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def emit(event: DocumentEvent) -> None:
    for listener in _LISTENERS:
        listener(event)
