"""People imported from a spreadsheet: a preview with each row's errors in
Vietnamese, then every account made at once, or none."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conftest import _user
from cooperatives.models import AccountEvent, AdministrativeUnit, Membership, Organization
from cooperatives.orgadmin import importing

Role = Membership.Role
HEADERS = ["Họ và tên", "Tên đăng nhập", "Thư điện tử", "Điện thoại", "Tổ chức", "Vai trò"]
User = get_user_model()


@pytest.fixture
def administrator(orgs):
    return _user("quantri_huyen", orgs["office"], Role.ADMINISTRATOR)


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("nguoi-dung.xlsx", out.getvalue())


GOOD = [
    ["Nguyễn Văn An", "an_vinhloi", "an@example.gov.vn", "0912345678", "UBND xã Vĩnh Lợi", "Soạn thảo"],
    ["Trần Thị Bé", "be_htx", "", 912000111, "Hợp tác xã Nông nghiệp Phú Tân", "bao cao tien do"],
    ["Lê Chủ Tịch", "chutich_pt", "", "", "ubnd xa phu tan", "Phê duyệt, ban hành, Soạn thảo"],
]


def upload(client, file):
    return client.post(reverse("orgadmin:people-import"), {"file": file})


def signed_of(page: str) -> str:
    return re.search(r'name="signed" value="([^"]+)"', page).group(1)


def test_a_good_file_previews_then_imports_every_account_with_its_roles(cast, orgs, administrator, login):
    client = login(administrator)
    page = upload(client, xlsx(GOOD)).content.decode()
    assert "3 người sẽ được tạo tài khoản" in page and "Sẵn sàng" in page
    assert not User.objects.filter(username="an_vinhloi").exists()
    response = client.post(reverse("orgadmin:people-import-confirm"), {"signed": signed_of(page)})
    assert response.status_code == 302 and response["Location"] == reverse("orgadmin:cards")
    roles = {
        (m.user.username, m.organization.short_name, m.role)
        for m in Membership.objects.filter(user__username__in=["an_vinhloi", "be_htx", "chutich_pt"])
    }
    assert roles == {
        ("an_vinhloi", "UBND xã Vĩnh Lợi", Role.EDITOR),
        ("be_htx", "HTX NN Phú Tân", Role.REPORTER),
        ("chutich_pt", "UBND xã Phú Tân", Role.APPROVER),
        ("chutich_pt", "UBND xã Phú Tân", Role.EDITOR),
    }
    an = User.objects.get(username="an_vinhloi")
    assert an.get_full_name() == "Nguyễn Văn An" and an.profile.phone == "0912345678"
    assert an.profile.must_change_password
    event = AccountEvent.objects.get(action="people_imported")
    assert (event.detail, event.actor, event.organization) == ("3 người", administrator, orgs["office"])
    cards = client.get(reverse("orgadmin:cards")).content.decode()
    assert cards.count('class="account-card ') == 3 and "Trần Thị Bé" in cards
    # The same preview sent again makes nothing more.
    again = client.post(reverse("orgadmin:people-import-confirm"), {"signed": signed_of(page)}).content.decode()
    assert "Chưa nhập ai" in again and "đã có người dùng" in again
    assert User.objects.filter(username="an_vinhloi").count() == 1


def test_one_bad_row_shows_its_error_and_the_import_saves_nothing(cast, orgs, administrator, login):
    client = login(administrator)
    rows = GOOD + [
        ["Người Trùng", "chutich_a", "", "", "UBND xã Vĩnh Lợi", "Soạn thảo"],
        ["Người Trùng Tệp", "An_Vinhloi", "", "", "UBND xã Vĩnh Lợi", "Soạn thảo"],
        ["HTX Phê Duyệt", "htx_pd", "sai-thu", "", "HTX NN Vĩnh Lợi", "Phê duyệt"],
        ["", "thieu_ten", "", "", "", "Soạn thảo"],
        ["Vai Lạ", "vai_la", "", "", "UBND xã Vĩnh Lợi", "Thủ quỹ"],
    ]
    before = (User.objects.count(), Membership.objects.count(), AccountEvent.objects.count())
    page = upload(client, xlsx(rows)).content.decode()
    assert "Dòng 5: tên đăng nhập “chutich_a” đã có người dùng." in page
    assert "Dòng 6: tên đăng nhập “An_Vinhloi” trùng với dòng 2" in page
    assert "Dòng 7: HTX NN Vĩnh Lợi không giao được vai trò Phê duyệt, ban hành" in page
    assert "Dòng 7: thư điện tử “sai-thu” không đúng dạng" in page
    assert "Dòng 8: thiếu họ và tên" in page and "Dòng 8: thiếu tổ chức" in page
    assert "Dòng 9: không hiểu vai trò “thu quy”" in page
    assert 'name="signed"' not in page and "Chưa nhập được" in page
    assert (User.objects.count(), Membership.objects.count(), AccountEvent.objects.count()) == before


def test_an_organisation_outside_the_district_is_refused(cast, orgs, administrator, login):
    other = AdministrativeUnit.objects.create(code="95", name="Tỉnh Bạc Liêu", level="province")
    Organization.objects.create(
        name="UBND tỉnh Bạc Liêu", short_name="UBND tỉnh BL", kind="peoples_committee", unit=other
    )
    page = upload(login(administrator), xlsx([["Ai Đó", "ai_do", "", "", "UBND tỉnh BL", "Soạn thảo"]])).content
    assert "Dòng 2: tổ chức “UBND tỉnh BL” không thuộc địa bàn bạn quản trị" in page.decode()


def test_a_row_made_wrong_between_preview_and_import_undoes_every_row(cast, orgs, administrator, login):
    client = login(administrator)
    page = upload(client, xlsx(GOOD)).content.decode()
    _user("chutich_pt")  # someone took the third username meanwhile
    before = User.objects.count()
    page = client.post(reverse("orgadmin:people-import-confirm"), {"signed": signed_of(page)}).content.decode()
    assert "Dòng 4: tên đăng nhập “chutich_pt” đã có người dùng." in page
    assert User.objects.count() == before and not User.objects.filter(username="an_vinhloi").exists()


def test_tampered_or_foreign_signed_rows_are_refused(cast, orgs, administrator, login):
    client = login(administrator)
    signed = signed_of(upload(client, xlsx(GOOD[:1])).content.decode())
    value, signature = signed.rsplit(":", 1)
    forged = signing.dumps(
        {"user": administrator.pk, "rows": [{"line": 2, "username": "x", "roles": "administrator"}]}, salt="other"
    )
    other = _user("quantri_khac", orgs["office"], Role.ADMINISTRATOR)
    before = User.objects.count()
    for token in (f"{value}:{signature[::-1]}", forged, "", "rác"):
        response = client.post(reverse("orgadmin:people-import-confirm"), {"signed": token}, follow=True)
        assert "Bản xem trước không còn dùng được" in response.content.decode()
    # Another administrator cannot replay this one's preview.
    response = login(other).post(reverse("orgadmin:people-import-confirm"), {"signed": signed}, follow=True)
    assert "Bản xem trước không còn dùng được" in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.parametrize(
    "file, message",
    [
        (SimpleUploadedFile("nguoi.xlsx", "Họ và tên;Tên đăng nhập\n".encode()), "không phải bảng tính Excel .xlsx"),
        (SimpleUploadedFile("nguoi.xlsx", b""), "Tệp trống"),
        (SimpleUploadedFile("nguoi.xlsx", b"PK\x03\x04" + b"0" * 100), "không phải bảng tính Excel .xlsx"),
        (SimpleUploadedFile("lon.xlsx", b"0" * (2 * 1024 * 1024 + 1)), "Tệp lớn quá"),
    ],
)
def test_a_fake_empty_or_oversized_file_is_refused(cast, administrator, login, file, message):
    page = upload(login(administrator), file).content.decode()
    assert message in page and 'name="signed"' not in page


def test_a_sheet_without_the_columns_or_without_people_is_refused(cast, administrator, login):
    client = login(administrator)
    page = upload(client, xlsx([["a", "b"]], headers=["Tên", "Ghi chú"])).content.decode()
    assert "thiếu cột “Tên đăng nhập”, “Tổ chức”, “Vai trò”" in page
    page = upload(client, xlsx([])).content.decode()
    assert "chưa có người nào để nhập" in page


def test_headers_are_read_without_case_or_diacritics(cast, orgs, administrator, login):
    headers = ["HO VA TEN", "ten dang nhap", "Email", "Dien thoai", "TO CHUC", "vai tro"]
    page = upload(login(administrator), xlsx(GOOD[:1], headers=headers)).content.decode()
    assert "1 người sẽ được tạo tài khoản" in page


def test_the_template_has_the_headers_an_example_and_the_organisations(cast, orgs, administrator, login):
    response = login(administrator).get(reverse("orgadmin:people-import-template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 2
    names = {row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert "UBND xã Vĩnh Lợi" in names and "HTX NN Phú Tân" in names


def test_roles_are_read_by_label_short_label_or_code():
    assert importing.roles_parse("Phê duyệt, ban hành") == (["approver"], [])
    assert importing.roles_parse("phe duyet; editor") == (["approver", "editor"], [])
    assert importing.roles_parse("Giám đốc HTX, quản lý thành viên, Báo cáo tiến độ") == (["director", "reporter"], [])
    assert importing.roles_parse("Soạn thảo, thủ quỹ") == (["editor"], ["thu quy"])


def test_on_the_demo_quantri_chauthanh_adds_a_commune_and_its_leader_from_a_spreadsheet(seed_plan, login):
    client = login(User.objects.get(username="quantri_chauthanh"))
    district = AdministrativeUnit.objects.get(name="Huyện Châu Thành")
    response = client.post(
        reverse("orgadmin:commune-new"), {"parent": district.pk, "code": "31519", "name": "Vĩnh Hải"}
    )
    assert response.status_code == 302
    committee = Organization.objects.get(short_name="UBND xã Vĩnh Hải")
    assert committee.parent.short_name == "UBND huyện Châu Thành"
    rows = [["Trần Thị Bình", "chutich_vinhhai", "", "", "UBND xã Vĩnh Hải", "Phê duyệt, ban hành"]]
    page = upload(client, xlsx(rows)).content.decode()
    client.post(reverse("orgadmin:people-import-confirm"), {"signed": signed_of(page)})
    leader = User.objects.get(username="chutich_vinhhai")
    assert leader.memberships.get().organization == committee and leader.profile.must_change_password
