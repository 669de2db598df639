"""The plan page links to its official files."""


def test_plan_page_offers_pdf_and_docx(plan_a, cast, login):
    html = login(cast["editor_a"]).get(plan_a.get_absolute_url()).content.decode()
    assert f'href="/plans/{plan_a.pk}/pdf"' in html and "Tải PDF" in html
    assert f'href="/plans/{plan_a.pk}/docx"' in html and "Tải DOCX" in html
