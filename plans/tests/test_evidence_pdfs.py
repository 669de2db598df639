"""A PDF with anything that could run or open by itself is refused, found by
pypdf and, as a fallback, in the raw bytes, escaped names included."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from htxplan.uploads.pdfs import raw_active_name
from plans.models import ProgressUpdate
from plans.progress.evidence import evidence_check
from plans.tests.conftest import PDF_BYTES


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def one_page() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def action(kind: str, **entries) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind), **{NameObject(f"/{k}"): TextStringObject(v) for k, v in entries.items()}}
    )


def refusal(data: bytes, name: str = "bien-ban.pdf") -> str:
    with pytest.raises(ValidationError) as error:
        evidence_check([SimpleUploadedFile(name, data, content_type="application/pdf")])
    return " ".join(error.value.messages)


def accepted(data: bytes) -> bool:
    (checked,) = evidence_check([SimpleUploadedFile("bien-ban.pdf", data, content_type="application/pdf")])
    return checked.content_type == "application/pdf" and checked.clean is None


ACTIVE = "chứa mã tự chạy, hành động tự động hoặc tệp đính kèm"


def test_a_clean_pdf_is_accepted():
    assert accepted(PDF_BYTES)


def test_a_pdf_with_document_javascript_is_refused():
    writer = one_page()
    writer.add_open_action(JavaScript("app.alert('xin chào');"))
    message = refusal(written(writer), "bao-cao.pdf")
    assert f"Tệp PDF “bao-cao.pdf” {ACTIVE}" in message
    assert "(/JavaScript)" in message or "(/JS)" in message
    assert "In ra PDF" in message


def test_a_pdf_running_javascript_on_open_is_refused():
    writer = one_page()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action("/JavaScript", JS="app.alert(1)"))
    assert ACTIVE in refusal(written(writer))


@pytest.mark.parametrize("kind", ["/Launch", "/URI", "/SubmitForm"])
def test_a_pdf_whose_open_action_does_more_than_open_at_a_page_is_refused(kind):
    writer = one_page()
    writer._root_object[NameObject("/OpenAction")] = action(kind, F="cmd.exe")
    assert ACTIVE in refusal(written(writer))


def test_a_pdf_that_opens_at_its_first_page_fitted_is_accepted():
    # As word processors write it: a destination, no action.
    writer = one_page()
    page = writer.pages[0].indirect_reference
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([page, NameObject("/Fit")])
    assert accepted(written(writer))


def test_a_pdf_with_page_actions_is_refused():
    writer = one_page()
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action("/GoTo")})
    assert "(/AA)" in refusal(written(writer))


def test_a_pdf_with_an_attached_file_is_refused():
    writer = one_page()
    writer.add_attachment("chay-toi.exe", b"MZ\x90\x00")
    assert ACTIVE in refusal(written(writer))


def test_a_pdf_with_an_xfa_form_is_refused():
    writer = one_page()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp:xdp/>")}
    )
    assert "(/XFA)" in refusal(written(writer))


def test_javascript_spelled_with_escaped_letters_is_refused():
    writer = one_page()
    writer.add_open_action(JavaScript("app.alert(1)"))
    data = written(writer)
    obfuscated = data.replace(b"/JavaScript", b"/J#61v#61Script").replace(b"/JS ", b"/#4A#53 ")
    assert b"/JavaScript" not in obfuscated and b"/JS " not in obfuscated
    assert ACTIVE in refusal(obfuscated)


def test_an_object_pypdf_never_reaches_is_still_read_in_the_raw_bytes():
    # Written after the end of the file, outside every table: a viewer that
    # rebuilds a damaged file may still find it, so it is refused too.
    orphan = b"\n99 0 obj\n<< /Type /Action /S /J#61vaScript /J#53 (app.alert(1)) >>\nendobj\n"
    message = refusal(PDF_BYTES + orphan)
    assert ACTIVE in message and "(/JavaScript)" in message


def test_the_raw_look_skips_stream_data_where_any_bytes_may_occur():
    picture = b"1 0 obj\n<< /Length 20 >>\nstream\n\x8f/JS /JavaScript\x00\nendstream\nendobj\n"
    assert raw_active_name(picture) == ""
    assert raw_active_name(picture + b"2 0 obj << /AA << >> >> endobj") == "/AA"
    # A stream with no end hides nothing after it.
    assert raw_active_name(b"1 0 obj << >>\nstream\n<< /S /Launch >>") == "/Launch"


def test_an_encrypted_pdf_is_refused():
    writer = one_page()
    writer.encrypt(user_password="", owner_password="mat-khau")
    message = refusal(written(writer), "co-mat-khau.pdf")
    assert "Tệp PDF “co-mat-khau.pdf” có mật khẩu hoặc được mã hóa nên không kiểm tra được" in message


def test_an_unreadable_pdf_is_refused():
    message = refusal(b"%PDF-1.7\n" + b"\x00\xff" * 200, "hong.pdf")
    assert "Tệp “hong.pdf” không đọc được như một PDF" in message


def test_a_pdf_without_pages_is_refused():
    writer = PdfWriter()
    assert "Tệp PDF “bien-ban.pdf” không có trang nào." in refusal(written(writer))


def test_the_form_page_shows_the_refusal_and_keeps_the_typed_text(task_a, cast, login):
    writer = one_page()
    writer.add_open_action(JavaScript("app.alert(1)"))
    client = login(cast["staff_a"])
    page = client.get(f"/tasks/{task_a.pk}/progress/new")
    data = {
        "submission_token": str(page.context["form"]["submission_token"].value()),
        "reported_on": timezone.localdate().isoformat(),
        "percent": "60",
        "work_done": "Nghiệm thu 30 ha, có biên bản kèm theo.",
        "files": [SimpleUploadedFile("bien-ban.pdf", written(writer), content_type="application/pdf")],
    }

    response = client.post(f"/tasks/{task_a.pk}/progress/new", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp PDF “bien-ban.pdf” chứa mã tự chạy" in html
    assert "Nghiệm thu 30 ha, có biên bản kèm theo." in html
    assert not ProgressUpdate.objects.exists()


def test_a_link_annotation_to_a_web_page_is_no_reason_to_refuse():
    writer = one_page()
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(20)]),
            NameObject("/A"): action("/URI", URI="https://example.gov.vn"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    assert accepted(written(writer))
