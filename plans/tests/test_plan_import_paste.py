"""Importing a plan whose text was copied from a web page: pasted into the
form, or saved as a Markdown (.md) file; and files that are no plan at all."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Plan

URL = "/plans/import/"
WEBCOPY = Path(__file__).resolve().parent / "data" / "webcopy" / "anbinh_2025.txt"


def test_a_plan_pasted_from_a_web_page_is_previewed_then_saved(cast, login, orgs):
    client = login(cast["editor_a"])
    text = WEBCOPY.read_text(encoding="utf-8")
    response = client.post(URL, {"text": text, "issuer": orgs["ubnd_a"].pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Lưu thành dự thảo" in html
    assert "Nội dung dán vào" in html
    assert client.post(URL, {"token": response.context["token"]}).status_code == 302
    plan = Plan.objects.get()
    assert plan.issuer_name == "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    assert "**" not in plan.title and plan.title != "(Chưa có trích yếu)"


def test_a_markdown_file_is_read_as_text(cast, login, orgs):
    client = login(cast["editor_a"])
    upload = SimpleUploadedFile("kehoach.md", WEBCOPY.read_bytes(), content_type="text/markdown")
    response = client.post(URL, {"file": upload, "issuer": orgs["ubnd_a"].pk})
    assert response.status_code == 200 and "Lưu thành dự thảo" in response.content.decode()


def test_neither_file_nor_text_asks_for_one_and_saves_nothing(cast, login, orgs):
    response = login(cast["editor_a"]).post(URL, {"text": "   ", "issuer": orgs["ubnd_a"].pk})
    assert response.status_code == 400
    assert "Hãy chọn tệp kế hoạch cần nhập, hoặc dán nội dung kế hoạch vào ô bên dưới." in response.content.decode()
    assert not Plan.objects.exists()


def test_pasted_text_that_is_no_plan_gets_the_message_beside_the_box(cast, login, orgs):
    response = login(cast["editor_a"]).post(URL, {"text": "xin chào", "issuer": orgs["ubnd_a"].pk})
    assert response.status_code == 400
    assert "Không nhận ra cấu trúc của một kế hoạch" in response.content.decode()
    assert "xin chào" in response.content.decode()  # what was pasted is still there


def test_a_json_file_nested_deeper_than_python_recurses_is_refused_with_a_message(cast, login, orgs):
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    upload = SimpleUploadedFile("kehoach.json", deep, content_type="application/json")
    response = login(cast["editor_a"]).post(URL, {"file": upload, "issuer": orgs["ubnd_a"].pk})
    assert response.status_code == 400
    assert "nội dung không phải JSON hợp lệ" in response.content.decode()
    assert not Plan.objects.exists()
