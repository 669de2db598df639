"""The district administrator of Châu Thành adds a commune, then its first
leader from an XLSX: preview, import, the printable cards."""

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook

from conftest import _user
from cooperatives.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def people_xlsx(path) -> str:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Tên đăng nhập", "Thư điện tử", "Điện thoại", "Tổ chức", "Vai trò"])
    sheet.append(
        [
            "Trần Thị Bình",
            "chutich_vinhhai",
            "binh@example.gov.vn",
            "0912000111",
            "UBND xã Vĩnh Hải",
            "Phê duyệt, ban hành",
        ]
    )
    sheet.append(["Phạm Văn Cần", "canbo_vinhhai", "", "", "UBND xã Vĩnh Hải", "Soạn thảo"])
    out = io.BytesIO()
    workbook.save(out)
    path.write_bytes(out.getvalue())
    return str(path)


def test_the_administrator_creates_a_commune_and_imports_its_leader(page, browser_login, orgs, tmp_path):
    administrator = _user("quantri_chauthanh", orgs["office"], Membership.Role.ADMINISTRATOR)
    browser_login(page, administrator)
    page.goto("/organizations/")
    page.get_by_role("link", name="Thêm xã mới").click()
    page.fill("#id_code", "31519")
    page.fill("#id_name", "Vĩnh Hải")
    page.get_by_role("button", name="Thêm xã").click()
    page.wait_for_url("**/organizations/?created=*")
    assert "UBND xã Vĩnh Hải chưa có người quản lý" in page.content()

    page.get_by_role("link", name="Nhập người dùng từ Excel").first.click()
    page.set_input_files("#id_file", people_xlsx(tmp_path / "vinhhai.xlsx"))
    page.get_by_role("button", name="Đọc tệp và xem trước").click()
    assert "2 người sẽ được tạo tài khoản" in page.inner_text("main")
    assert page.locator("tbody tr").count() == 2

    page.get_by_role("button", name="Nhập", exact=True).click()
    page.wait_for_url("**/organizations/cards/")
    cards = page.locator(".account-card")
    assert cards.count() == 2
    assert "chutich_vinhhai" in cards.first.inner_text() and "Ủy ban nhân dân xã Vĩnh Hải" in cards.first.inner_text()
    assert page.get_by_role("button", name="In phiếu").is_visible()
    leader = get_user_model().objects.get(username="chutich_vinhhai")
    assert leader.memberships.get().role == Membership.Role.APPROVER
