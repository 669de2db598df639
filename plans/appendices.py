"""A plan's appendices as its document prints them: the plan's own tables,
and the tasks as the appendix "Phân công thực hiện" when the plan asks for it
(a row per task with its lead, partners and time; grouping rows I., II.)."""

from __future__ import annotations

from plans.outline import Appendix, TableRow, parse_body, roman

TASK_COLUMNS = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]


def plan_appendices(plan) -> list[Appendix]:
    """The appendices in print order: the task list first, then the plan's
    own; reads the prefetched `tasks` and `appendices`."""
    appendices = []
    tasks = list(plan.tasks.all())
    if plan.task_listing != "body" and tasks:
        appendices.append(task_appendix(plan.task_appendix_title or "Phân công thực hiện", tasks))
    for part in plan.appendices.all():
        columns, rows = part.columns_and_rows
        appendices.append(
            Appendix(
                "",
                part.title,
                parse_body(part.body),
                columns,
                [_row(cells, len(columns)) for cells in rows],
                parse_body(part.note),
            )
        )
    for i, appendix in enumerate(appendices, 1):
        appendix.label = f"PHỤ LỤC {roman(i)}" if len(appendices) > 1 else "PHỤ LỤC"
    return appendices


def _row(cells: list[str], width: int) -> TableRow:
    if len(cells) == 1 and width > 1:
        return TableRow(cells, group=True)
    return TableRow(cells + [""] * (width - len(cells)))


def task_appendix(title: str, tasks) -> Appendix:
    """The tasks as a table; the optional columns (product, the columns of an
    imported table the model has no field for, note) only where a task fills them."""
    extra_labels: list[str] = []
    for task in tasks:
        extra_labels += [label for label in task.extra_columns or {} if label not in extra_labels]
    has_product = any(task.product.strip() for task in tasks)
    has_note = any(task.note.strip() for task in tasks)
    columns = [*TASK_COLUMNS, *(["Sản phẩm"] if has_product else []), *extra_labels, *(["Ghi chú"] if has_note else [])]
    rows: list[TableRow] = []
    group, groups = None, 0
    for number, task in enumerate(tasks, 1):
        if task.group and task.group != group:
            groups += 1
            rows.append(TableRow([f"{roman(groups)}. {task.group}"], group=True))
        group = task.group
        cells = [str(number), task.title, task.lead_unit, ", ".join(task.partner_list), task_time(task)]
        if has_product:
            cells.append(task.product)
        cells += [str((task.extra_columns or {}).get(label, "")) for label in extra_labels]
        if has_note:
            cells.append(task.note)
        rows.append(TableRow(cells))
    return Appendix("", title, columns=columns, rows=rows, key="tasks")


def task_time(task) -> str:
    """The time as the plan wrote it, else its dates."""
    if task.period_text.strip():
        return task.period_text.strip()
    if task.start_on and task.due_on:
        return f"{task.start_on:%d/%m/%Y} – {task.due_on:%d/%m/%Y}"
    if task.due_on:
        return f"Trước {task.due_on:%d/%m/%Y}"
    if task.start_on:
        return f"Từ {task.start_on:%d/%m/%Y}"
    return ""
