"""An appendix (phụ lục) of a plan: a title, a text, a table and a note.

The table is kept as text an official can type and read: one line a row,
cells separated by "|", the first line the column headings; a line without
"|" is a grouping row ("I. Củng cố tổ chức") that spans the whole table.
A "|" inside a cell is written "\\|".
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models.plan import PlanPart
from plans.models.text import validate_document_text

CELL_BREAK = re.compile(r"\s*(?<!\\)\|\s*")
MAX_COLUMNS = 12


def table_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """The column headings and the rows of a table written as text; a
    grouping row is a list of one cell."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]
    if not lines:
        return [], []

    def cells(line: str) -> list[str]:
        return [cell.replace("\\|", "|").strip() for cell in CELL_BREAK.split(line.strip().strip("|").strip())]

    columns = cells(lines[0])
    return columns, [cells(line) if CELL_BREAK.search(line.strip().strip("|")) else [line] for line in lines[1:]]


def table_text(columns: list[str], rows: list[list[str]]) -> str:
    """The inverse of table_rows."""

    def line(cells: list[str]) -> str:
        return " | ".join(" ".join(str(cell or "").split()).replace("|", "\\|") for cell in cells)

    if not columns:
        return ""
    return "\n".join([line(columns), *(line(row) if len(row) > 1 else line(row).strip() for row in rows if row)])


def validate_table(value: str) -> None:
    validate_document_text(value)
    columns, rows = table_rows(value)
    if len(columns) > MAX_COLUMNS:
        raise ValidationError(
            _("Bảng có %(n)s cột; một phụ lục in được tối đa %(max)s cột."),
            params={"n": len(columns), "max": MAX_COLUMNS},
            code="too_many_columns",
        )
    for number, row in enumerate(rows, 2):
        if len(row) > len(columns):
            raise ValidationError(
                _("Dòng %(line)s của bảng có %(cells)s ô, nhiều hơn %(columns)s cột của dòng tiêu đề."),
                params={"line": number, "cells": len(row), "columns": len(columns)},
                code="row_too_wide",
            )


class Appendix(PlanPart):
    """Printed after the signature, each on a new page; landscape when wide."""

    title = models.CharField(_("tên phụ lục"), max_length=500)
    body = models.TextField(_("nội dung trước bảng"), blank=True, validators=[validate_document_text])
    table = models.TextField(
        _("bảng"),
        blank=True,
        validators=[validate_table],
        help_text=_(
            "Mỗi dòng là một hàng; các ô cách nhau bằng dấu |; dòng đầu là tên các cột; "
            "một dòng không có dấu | là dòng nhóm, trải hết chiều ngang bảng."
        ),
    )
    note = models.TextField(_("ghi chú dưới bảng"), blank=True, validators=[validate_document_text])
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("phụ lục")
        verbose_name_plural = _("phụ lục")
        default_related_name = "appendices"

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def columns_and_rows(self) -> tuple[list[str], list[list[str]]]:
        return table_rows(self.table)
