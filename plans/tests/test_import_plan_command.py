import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan

DATA = Path(__file__).resolve().parent / "data"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_interchange_json_and_saves_nothing(db):
    out, _err = run(str(DATA / "hoabinh_2025.txt"), "--dry-run")
    data = json.loads(out)
    assert data["format"] == "htxplan.plan/1"
    assert data["title"] == "Hỗ trợ hợp tác xã nông nghiệp ứng dụng công nghệ cao giai đoạn 2025 - 2026"
    assert Plan.objects.count() == 0


def test_the_repairs_are_listed_on_stderr(db, tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text("KẾ HOẠCH\nThu hút đươc̣ cán bộ trẻ\nI. Mục tiêu\nNâng cao thu nhâp̣.", encoding="utf-8")
    out, err = run(str(path), "--dry-run")
    assert "“đươc̣” → “được”" in err and "“nhâp̣” → “nhập”" in err
    assert json.loads(out)["objectives"]["items"][0]["body"] == "Nâng cao thu nhập."


def test_a_draft_is_saved_for_the_given_issuer(orgs):
    out, _err = run(str(DATA / "tanhoa_2024.txt"), "--issuer", str(orgs["ubnd_b"].pk))
    plan = Plan.objects.get()
    assert f"Đã tạo dự thảo kế hoạch số {plan.pk}" in out
    assert plan.issuer == orgs["ubnd_b"] and plan.status == Plan.Status.DRAFT and plan.year == 2024
    assert plan.number is None  # a number comes only from the register at issue


def test_without_issuer_the_header_names_it(orgs, tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN XÃ VĨNH LỢI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKẾ HOẠCH\nThử nghiệm\nI. Mục tiêu\nMột.",
        encoding="utf-8",
    )
    run(str(path))
    assert Plan.objects.get().issuer == orgs["ubnd_a"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/khong/co/tep.txt", "--dry-run"], "Không tìm thấy tệp"),
        ([str(DATA / "tanhoa_2024.txt")], "--issuer"),
        ([str(DATA / "tanhoa_2024.txt"), "--issuer", "999999"], "Không có cơ quan"),
    ],
)
def test_bad_arguments_get_a_clear_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert Plan.objects.count() == 0


def test_a_second_plan_of_the_year_is_refused_unless_the_reason_is_given(orgs):
    path, issuer = str(DATA / "tanhoa_2024.txt"), str(orgs["ubnd_b"].pk)
    run(path, "--issuer", issuer)
    with pytest.raises(CommandError, match="UBND xã Phú Tân đã có kế hoạch .* cho năm 2024"):
        run(path, "--issuer", issuer)
    assert Plan.objects.count() == 1
    run(path, "--issuer", issuer, "--additional-reason", "Kế hoạch bổ sung")
    assert Plan.objects.filter(additional_reason="Kế hoạch bổ sung").count() == 1
