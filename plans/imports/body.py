"""The sections of the body as the plan's parts: objectives, tasks,
solutions and funding, each taken from the first section whose heading names
it, and every other section kept as a free section in the document's order."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from plans.imports.blocks import Block
from plans.imports.items import flatten, paragraph_items, split_items, with_points
from plans.imports.layout import Reading
from plans.imports.sections import Section
from plans.imports.tasks import has_task_table, section_tasks

DEFAULT_HEADINGS = {
    "objectives": "Mục tiêu",
    "tasks": "Các nhiệm vụ trọng tâm",
    "solutions": "Giải pháp thực hiện",
    "funding": "Kinh phí hoạt động",
}


def build_body(reading: Reading, sections: list[Section], *, year: int | None, task_list: str = "") -> dict[str, Any]:
    """The "objectives", "tasks", "solutions", "funding" and "extra_sections"
    of the interchange data; `year` is the plan's, for the dates of a table
    of tasks. `task_list` is the title of the appendix the tasks were read
    from, if they were: a section of tasks in the body is then kept as
    written, in its place, so that no task is read twice."""
    body: dict[str, Any] = {
        "objectives": {"heading": DEFAULT_HEADINGS["objectives"], "items": []},
        "tasks": {"heading": DEFAULT_HEADINGS["tasks"], "items": []},
        "solutions": {"heading": DEFAULT_HEADINGS["solutions"], "items": []},
        "funding": {"heading": DEFAULT_HEADINGS["funding"], "body": ""},
        "extra_sections": [],
    }
    used: set[str] = set()
    # The standard section last met: a free section is recorded as
    # standing after it, so the plan keeps the document's order.
    after = "start"
    for section in sections:
        key = section.key if section.key not in used else "extra"
        blocks = section.blocks
        if section.inline:
            blocks = [Block("text", section.inline), *blocks]
        if key == "extra" or (key != "funding" and not blocks) or (key == "tasks" and task_list):
            body["extra_sections"].append({"heading": section.heading, "body": flatten(blocks), "after": after})
            if key == "tasks" and blocks:
                reading.warnings.append(
                    _(
                        "Các nhiệm vụ được đọc từ phụ lục “%(appendix)s”; phần “%(section)s” của văn bản "
                        "được giữ nguyên văn, ở đúng chỗ của nó."
                    )
                    % {"appendix": task_list, "section": section.heading}
                )
            continue
        used.add(key)
        before, after = after, key
        if key == "funding":
            body["funding"] = {"heading": section.heading, "body": flatten(blocks)}
            continue
        if key == "objectives":
            items, intro = _objectives(blocks), []
        elif key == "tasks":
            items, intro = section_tasks(reading, blocks, year=year)
        else:
            items, intro = _solutions(blocks)
        body[key] = {"heading": section.heading, "items": items}
        if intro:
            # It came before the section's items, so it stands just before the section. The
            # heading is the plan's own text, in the document's language, whatever the reader's.
            heading = f"{section.heading} (phần chung)"
            body["extra_sections"].append({"heading": heading, "body": flatten(intro), "after": before})
            reading.warnings.append(
                _("Phần “%(section)s” có đoạn mở đầu trước mục 1; đoạn này được giữ trong mục “%(heading)s”.")
                % {"section": section.heading, "heading": heading}
            )
    return body


def task_table_in_body(sections: list[Section]) -> bool:
    """Whether the section the tasks are read from holds a table of tasks."""
    section = next((s for s in sections if s.key == "tasks"), None)
    return section is not None and has_task_table(section.blocks)


def _objectives(blocks: list[Block]) -> list[dict[str, Any]]:
    """Objectives have no points: the paragraphs before the first item are objectives too."""
    intro, items = split_items(blocks)
    objectives = [{"title": "", "body": body} for body in paragraph_items(intro)]
    objectives += [{"title": item["title"], "body": with_points(item)} for item in items]
    return objectives


def _solutions(blocks: list[Block]) -> tuple[list[dict[str, Any]], list[Block]]:
    """The solutions with their points, and the intro before the first
    item; without numbered items each paragraph is a solution."""
    intro, items = split_items(blocks)
    solutions = []
    if not items:
        solutions = [{"title": "", "body": b, "children": []} for b in paragraph_items(intro)]
        intro = []
    for item in items:
        item["children"] = [{"title": c["title"], "body": c["body"]} for c in item["children"]]
    return solutions + items, intro
