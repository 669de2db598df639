"""A plan imported with its task appendix comes out of the PDF and the DOCX
with that appendix as a table: the tasks, their leads and their times."""

import io
from pathlib import Path

import docx

from plans.imports import import_file
from plans.interchange.load import plan_import
from reports.documents.renders import plan_docx_render, plan_pdf_render
from reports.tests.readback import pdf_pages, pdf_text

SOURCE = Path(__file__).resolve().parents[2] / "plans" / "tests" / "data" / "various" / "tanlong_2026.md"


def test_an_imported_task_appendix_prints_as_a_landscape_table_in_pdf_and_docx(orgs):
    data = import_file(SOURCE.name, SOURCE.read_bytes()).data
    plan = plan_import(data=data, issuer=orgs["ubnd_a"])
    pdf = plan_pdf_render(plan=plan)
    text = " ".join(pdf_text(pdf).split())
    assert "PHỤ LỤC" in text and "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN KINH TẾ TẬP THỂ" in text
    for words in (
        "Trước 30/6/2026",
        "Phòng Kinh tế huyện",
        "Giải thể hợp tác xã ngừng hoạt động",
        "III. Hỗ trợ hợp tác xã",
    ):
        assert words in text, words
    last = pdf_pages(pdf)[-1]
    assert last.width > last.height  # the appendix stands on a landscape page
    document = docx.Document(io.BytesIO(plan_docx_render(plan=plan)))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Trước 30/6/2026", "Quý IV/2026", "Hội Nông dân xã"} <= cells
    assert document.sections[-1].page_width > document.sections[-1].page_height
