import json
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from django.core.management import call_command

from cooperatives.models import Cooperative, CooperativeRating, Membership, Organization
from plans.interchange.export import plan_to_dict
from plans.models import Plan
from plans.outline import prefetch_plan_text

SEED_TXT = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_af080740edf4b67f.txt"
DAMAGED = {"đươc̣": "được", "viêc̣": "việc", "nhâp̣": "nhập", "hơp̣": "hợp", "hô ̣gia": "hộ gia",
           "thu ̣nông": "thụ nông", "nhañ hiêụ": "nhãn hiệu", "sô 141": "số 141", "uwx đãi": "ưu đãi"}  # fmt: skip


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def seed_plan_json() -> dict:
    plan = prefetch_plan_text(Plan.objects.filter(title="Củng cố, nâng chất hoạt động hợp tác xã năm 2021")).get()
    return plan_to_dict(plan)


def snapshot() -> dict:
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models()}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", password="demo-pass-123", stdout=open("/dev/null", "w"))


def test_seed_demo_twice_leaves_the_same_data(seeded):
    before = snapshot()
    first_json = seed_plan_json()
    call_command("seed_demo", password="demo-pass-123", stdout=open("/dev/null", "w"))
    assert snapshot() == before
    assert seed_plan_json() == first_json


def test_seed_plan_has_the_structure_of_the_2021_document(seeded):
    data = seed_plan_json()
    assert len(data["legal_bases"]) == 2
    assert data["legal_bases"][1].startswith("Thực hiện")
    assert len(data["objectives"]["items"]) == 3
    assert len(data["tasks"]["items"]) == 4
    assert len(data["solutions"]["items"]) == 2
    assert [c["title"] for c in data["solutions"]["items"][1]["children"]] == ["Về thể chế", "Về cơ chế, chính sách"]
    assert data["funding"]["body"].startswith("Theo sự phân bổ")
    assert data["closing"].startswith("Trên đây là kế hoạch")
    assert [r["label"] for r in data["recipients"]] == [
        "Phòng NN&PTNT",
        "Phòng Tài chính – Kế hoạch",
        "TT. Đảng ủy xã",
        "TT. HĐND xã",
        "HTX NN Vĩnh Lợi",
        "Lưu: VP",
    ]
    assert data["recipients"][-1]["archive"] is True
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN XÃ", "title": "CHỦ TỊCH", "name": ""}
    assert data["issuer"]["parent"] == "UBND HUYỆN CHÂU THÀNH"


def test_seed_plan_text_is_nfc_and_its_damaged_words_are_repaired(seeded):
    text = json.dumps(seed_plan_json(), ensure_ascii=False)
    assert unicodedata.is_normalized("NFC", text)
    for damaged, repaired in DAMAGED.items():
        assert unicodedata.normalize("NFC", damaged) not in text
        assert repaired in text


@pytest.mark.skipif(not SEED_TXT.exists(), reason="shared/seed is not beside the checkout")
def test_seed_plan_keeps_the_words_of_the_source_in_order(seeded):
    source = unicodedata.normalize("NFC", SEED_TXT.read_text(encoding="utf-8"))
    for damaged, repaired in DAMAGED.items():
        source = source.replace(unicodedata.normalize("NFC", damaged), repaired)
    expected = words(source)
    data = seed_plan_json()
    got = words(
        " ".join(
            ["KẾ HOẠCH", data["title"], *data["legal_bases"], data["preamble"]]
            + ["I", data["objectives"]["heading"]]
            + [o["body"] for o in data["objectives"]["items"]]
            + ["II", data["tasks"]["heading"]]
            + [f"{i} {t['title']} {t['body']}" for i, t in enumerate(data["tasks"]["items"], 1)]
            + ["III", data["solutions"]["heading"]]
            + [
                f"{i} {s['title']} {s['body']} " + " ".join(f"{c['title']} {c['body']}" for c in s["children"])
                for i, s in enumerate(data["solutions"]["items"], 1)
            ]
            + ["IV", data["funding"]["heading"], data["funding"]["body"], data["closing"], "Nơi nhận"]
            + [r["label"] for r in data["recipients"]]
            + [data["signer"]["authority"], data["signer"]["title"]]
        )
    )
    matcher = SequenceMatcher(None, expected, got, autojunk=False)
    in_order = sum(block.size for block in matcher.get_matching_blocks())
    assert in_order / len(expected) >= 0.99


def test_seed_demo_makes_the_organisations_cooperative_and_accounts(seeded):
    htx = Cooperative.objects.get(organization__short_name="HTX NN Vĩnh Lợi")
    assert htx.founded_on.isoformat() == "2020-11-20"
    assert htx.ratings.get(year=2020).rating == CooperativeRating.Rating.NOT_RATED
    vinhloi = Organization.objects.get(short_name="UBND xã Vĩnh Lợi")
    assert vinhloi.parent.short_name == "UBND huyện Châu Thành"
    roles = set(Membership.objects.values_list("user__username", "role"))
    assert {
        ("canbo_vinhloi", "editor"),
        ("chutich_vinhloi", "approver"),
        ("htx_vinhloi", "reporter"),
        ("phongnn_chauthanh", "reviewer"),
        ("canbo_xa2", "editor"),
        ("htx_xa2", "reporter"),
    } <= roles
    assert Plan.objects.filter(issuer__short_name="UBND xã Phú Tân").count() == 1


def test_second_commune_official_gets_404_on_every_url_of_the_vinh_loi_plan(seeded, client):
    from django.contrib.auth import get_user_model

    plan = Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)
    client.force_login(get_user_model().objects.get(username="canbo_xa2"))
    for url in (plan.get_absolute_url(), f"/plans/{plan.pk}/export.json"):
        assert client.get(url).status_code == 404
