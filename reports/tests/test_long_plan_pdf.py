"""A plan of 200 tasks, listed in the body and as the appendix "Phân công
thực hiện", read back from its PDF: every task in order, the table's
heading row on every landscape page, each row on one page and no word
outside the margins of its page (Decree 30: portrait 25/15/20/30 mm, the
landscape pages turned with the sheet)."""

import pytest

from plans.models import Plan
from reports.documents.tables import LANDSCAPE, PORTRAIT
from reports.tests.appendix_plans import flat, task_title, with_task_list
from reports.tests.readback import MM, pdf_pages, pdf_text, words_of
from reports.tests.test_plan_pdf import download

TASKS = 200
TOLERANCE = 1.5 * MM


@pytest.fixture(scope="module")
def rendered() -> dict:
    """The files rendered once for the whole module: the render takes seconds."""
    return {}


@pytest.fixture
def long_plan(plan_a, cast, login, rendered):
    """The plan and its PDF, read back once."""
    if "pdf" not in rendered:
        plan = with_task_list(plan_a, tasks=TASKS, listing=Plan.TaskListing.BOTH)
        data = download(login(cast["editor_a"]), plan)
        texts = [flat(page) for page in pdf_text(data).split("\f") if page.strip()]
        tasks = [f"{task.title} {task.body}" for task in plan.tasks.order_by("position")]
        rendered.update(pdf=data, tasks=tasks, texts=texts, pages=pdf_pages(data))
    return rendered


def in_order(text: str) -> list[str]:
    """The words of the text in order, as readback.words_of reads them."""
    return [word for word in text.split() if words_of(word)]


def missing_in_order(wanted: list[str], found: list[str]) -> list[str]:
    """The words of `wanted` not found in `found` in the same order (a plain
    walk: difflib's matcher takes minutes over some 30 000 words)."""
    at, missing = 0, []
    for word in wanted:
        try:
            at = found.index(word, at) + 1
        except ValueError:
            missing.append(word)
    return missing


def appendix_start(texts: list[str]) -> int:
    return next(i for i, text in enumerate(texts) if "PHỤ LỤC" in text)


def test_every_word_of_every_task_is_in_the_body_in_order(long_plan):
    texts = long_plan["texts"]
    body = in_order(" ".join(texts[: appendix_start(texts)]))
    wanted = in_order(" ".join(long_plan["tasks"]))
    assert len(wanted) > 10_000
    assert missing_in_order(wanted, body) == []


def test_every_task_is_in_the_body_once_and_in_order(long_plan):
    texts = long_plan["texts"]
    body = " ".join(texts[: appendix_start(texts)])
    positions = [body.find(f"{number}. {task_title(number)}") for number in range(1, TASKS + 1)]
    assert -1 not in positions, positions.index(-1) + 1
    assert positions == sorted(positions)


def test_every_task_is_in_the_appendix_once_in_order_each_row_on_one_page(long_plan):
    texts = long_plan["texts"]
    appendix = texts[appendix_start(texts) :]
    where = []
    for number in range(1, TASKS + 1):
        # A row kept whole: its title is all on one page, word for word.
        pages = [i for i, text in enumerate(appendix) if task_title(number) in text]
        assert len(pages) == 1, (number, pages)
        where.append((pages[0], appendix[pages[0]].find(task_title(number))))
    assert where == sorted(where)
    assert len(appendix) >= 10  # the table runs over many pages


def test_the_heading_row_tops_every_page_of_the_task_table(long_plan):
    pages = long_plan["pages"]
    start = appendix_start(long_plan["texts"])
    for number, page in enumerate(pages[start:], start + 1):
        assert page.width > page.height, number
        heading = page.line_of("Nội")
        assert " ".join(w.text for w in heading).startswith("Nội dung nhiệm vụ"), number
        cells = [w for w in page.words if w.y0 > heading[0].y1]
        assert cells, number
        for label in ("TT", "chủ", "phối", "Thời"):
            assert any(w.text == label and w.y1 < min(c.y0 for c in cells) + 20 * MM for w in page.words), number


def test_no_word_runs_off_its_page(long_plan):
    for number, page in enumerate(long_plan["pages"], 1):
        setup = LANDSCAPE if page.width > page.height else PORTRAIT
        # The page number sits in the top margin; everything else inside the text area.
        text = [w for w in page.words if w.y0 > setup.top * MM - TOLERANCE]
        assert min(w.x0 for w in text) > setup.left * MM - TOLERANCE, number
        assert max(w.x1 for w in text) < page.width - setup.right * MM + TOLERANCE, number
        assert max(w.y1 for w in text) < page.height - setup.bottom * MM + TOLERANCE, number
        numbers = [w.text for w in page.words if w.y0 <= setup.top * MM - TOLERANCE]
        assert numbers == ([] if number == 1 else [str(number)]), number
