import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.imports import (
    TCVN3,
    VNI_LETTERS,
    VNI_MARKS,
    convert_tcvn3,
    convert_vni,
    decode_bytes,
    detect_legacy_encoding,
    fix_syllable,
    is_vietnamese_word,
    parse_syllable,
    repair_text,
)

SEED_JSON = Path(__file__).resolve().parents[1] / "data" / "seed_vinhloi_2021.json"
SEED_TXT = Path("/work/shared/seed/000_af080740edf4b67f.txt")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("đươc̣", "được"),  # dot below left after the final consonant
        ("viêc̣", "việc"),
        ("nhâp̣", "nhập"),
        ("hơp̣", "hợp"),
        ("nhañ", "nhãn"),  # tilde on the final n
        ("hiêụ", "hiệu"),  # dot below on the wrong vowel
        ("tiếng", None),
        ("Ủy", None),
        ("hoà", None),  # newer style: both places are correct
        ("hòa", None),
        ("thuỷ", None),
        ("người", None),
        ("quý", None),
        ("giữa", None),
        ("Español", None),  # not a Vietnamese syllable: left alone
    ],
)
def test_tone_marks_move_to_the_vowel_the_spelling_rules_give(damaged, repaired):
    assert fix_syllable(nfd(damaged)) == repaired


def test_a_rule_not_a_word_list_mends_syllables_the_seed_never_had():
    assert fix_syllable(nfd("khuyêń")) == "khuyến"
    assert fix_syllable(nfd("ngươì")) == "người"
    assert fix_syllable(nfd("hoaṇ")) == "hoạn"
    assert fix_syllable(nfd("muôí")) == "muối"


def test_a_mark_left_after_a_space_goes_back_to_the_word_before_it():
    result = repair_text("tổ hơp̣ tác , hô ̣gia đình trong sản xuất và tiêu thu ̣nông sản")
    assert result.text == "tổ hợp tác, hộ gia đình trong sản xuất và tiêu thụ nông sản"
    assert [(r.before, r.after) for r in result.repairs if r.kind == "tone"] == [
        ("hơp̣", "hợp"),
        ("hô ̣gia", "hộ gia"),
        ("thu ̣nông", "thụ nông"),
    ]


def test_every_repair_says_what_was_there_what_is_there_and_where():
    source = "Thực hiện công văn sô 141/PNN&PTNT.\nThu hút đươc̣ đội ngũ trẻ"
    result = repair_text(source)
    typo, tone = result.repairs
    assert (typo.kind, typo.before, typo.after, typo.line) == ("typo", "sô", "số", 1)
    assert result.source[typo.position : typo.position + 2] == "sô"
    assert (tone.kind, tone.before, tone.after, tone.line) == ("tone", "đươc̣", "được", 2)
    assert result.source[tone.position : tone.position + len(tone.before)] == tone.before
    assert result.text == "Thực hiện công văn số 141/PNN&PTNT.\nThu hút được đội ngũ trẻ"


def test_known_typos_are_a_short_explicit_list():
    assert repair_text("hỗ trợ, uwx đãi HTX").text == "hỗ trợ, ưu đãi HTX"
    assert repair_text("ngồi sô pha").text == "ngồi sô pha"  # "sô" only before a number


def test_punctuation_spacing_and_doubled_apostrophes_are_tidied():
    result = repair_text("chuỗi giá trị , gắn với thị trường . Chương trình ''mỗi xã một sản phẩm”")
    assert result.text == "chuỗi giá trị, gắn với thị trường. Chương trình “mỗi xã một sản phẩm”"
    assert {r.kind for r in result.repairs} == {"punctuation"}


def test_text_is_normalised_to_nfc():
    result = repair_text(nfd("Cộng hòa xã hội chủ nghĩa Việt Nam"))
    assert result.text == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert [r.kind for r in result.repairs] == ["nfc"]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_correct_vietnamese_is_never_changed_anywhere_in_the_seed_plan():
    data = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    for text in _strings(data):
        result = repair_text(text)
        assert result.text == text, result.repairs
        assert result.repairs == []


@pytest.mark.skipif(not SEED_TXT.exists(), reason="the shared seed file is not on this machine")
def test_the_seven_damaged_words_of_the_seed_are_repaired():
    result = repair_text(SEED_TXT.read_text(encoding="utf-8"))
    tone = [(r.before, r.after) for r in result.repairs if r.kind == "tone"]
    assert ("đươc̣", "được") in tone and ("viêc̣", "việc") in tone and ("nhâp̣", "nhập") in tone
    assert ("hơp̣", "hợp") in tone and ("hô ̣gia", "hộ gia") in tone and ("thu ̣nông", "thụ nông") in tone
    assert ("nhañ", "nhãn") in tone and ("hiêụ", "hiệu") in tone
    for damaged in ("đươc̣", "viêc̣", "nhâp̣", "hơp̣", "hô ̣", "thu ̣", "nhañ", "hiêụ", "uwx", "sô 141"):
        assert damaged not in result.text


def test_syllables_are_parsed_into_initial_vowels_and_final():
    assert parse_syllable("nghiêng").initial == "ngh"
    assert parse_syllable("quyêt").vowels == "yê"
    assert parse_syllable("gi").vowels == "i"  # "gì"
    assert parse_syllable("drone") is None
    assert is_vietnamese_word("Nguyễn") and not is_vietnamese_word("OCOP")


# --- Legacy encodings ----------------------------------------------------------------


def test_tcvn3_text_is_converted_with_its_capitals():
    assert convert_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert convert_tcvn3("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert convert_tcvn3("KÕ HO¹CH") == "KẾ HOẠCH"
    assert convert_tcvn3("Hîp t¸c x· N«ng nghiÖp") == "Hợp tác xã Nông nghiệp"
    assert convert_tcvn3("tr\xadêng") == "trường"


def test_vni_text_is_converted():
    assert convert_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert convert_vni("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert convert_vni("KEÁ HOAÏCH ñöôïc Phöông") == "KẾ HOẠCH được Phương"


def test_the_tables_are_complete_for_vietnamese_letters():
    lower = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
    assert set(lower) - {"a", "e", "i", "o", "u", "y"} <= set(TCVN3.values())
    vni = {convert_vni(b + m) for b in "aeouyôö" for m in VNI_MARKS} | {convert_vni(b) for b in VNI_LETTERS}
    assert set(lower) - set("aeiouy") <= vni


SAMPLE = "Ủy ban nhân dân xã Vĩnh Lợi xây dựng Kế hoạch củng cố, nâng chất hoạt động hợp tác xã năm 2021 như sau"


def to_tcvn3(text: str) -> str:
    inverse = {v: chr(k) for k, v in TCVN3.items()}
    return "".join(inverse.get(c, inverse.get(c.lower(), c)) for c in text)


def to_vni(text: str) -> str:
    inverse = {}
    for base in "aeouyAEOUYôöÔÖ":
        for mark in VNI_MARKS:
            if mark.isupper() == base.isupper():
                inverse.setdefault(convert_vni(base + mark), base + mark)
    inverse.update({convert_vni(k): k for k in VNI_LETTERS})
    return "".join(inverse.get(c, c) for c in text)


def test_legacy_files_are_recognised_and_plain_unicode_is_not():
    assert detect_legacy_encoding(to_tcvn3(SAMPLE)) == "tcvn3"
    assert detect_legacy_encoding(to_vni(SAMPLE)) == "vni"
    assert detect_legacy_encoding(SAMPLE) is None
    assert detect_legacy_encoding("Le café est très bon, merci beaucoup à vous tous") is None


@pytest.mark.parametrize("encode", [to_tcvn3, to_vni])
def test_a_whole_legacy_file_is_converted_and_the_conversion_reported(encode):
    data = encode(SAMPLE).encode("cp1252")
    text, encoding = decode_bytes(data)
    assert encoding == "8-bit"
    result = repair_text(text)
    assert result.text.casefold() == SAMPLE.casefold()
    assert result.repairs[0].kind == "encoding"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-16-le"),
    ],
)
def test_utf8_and_utf16_files_are_decoded(data):
    assert decode_bytes(data)[0] == SAMPLE


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_repair_never_crashes_and_keeps_what_it_does_not_mend(text):
    result = repair_text(text)
    assert isinstance(result.text, str)
    for repair in result.repairs:
        if repair.line:
            assert result.source[repair.position : repair.position + len(repair.before)] == repair.before


def test_tcvn3_capitals_are_judged_per_cell_of_a_flattened_header():
    # "XÃ TÂN PHÚ" in capitals beside the motto in ordinary letters, on one line.
    line = to_tcvn3("XÃ TÂN PHÚ") + "      " + to_tcvn3("Độc lập - Tự do - Hạnh phúc")
    assert convert_tcvn3(line) == "XÃ TÂN PHÚ      Độc lập - Tự do - Hạnh phúc"
    assert convert_tcvn3(to_tcvn3("Số: 41/KH-UBND")) == "Số: 41/KH-UBND"


def test_a_tcvn3_sentence_that_starts_with_a_letter_without_a_capital_code_gets_its_capital():
    text = to_tcvn3("Căn cứ Luật Hợp tác xã;\nỦy ban nhân dân xã xây dựng\nủy ban nhân dân huyện")
    # "Ủy" after a finished sentence is a capital; "ủy" that goes on with a wrapped sentence is not.
    assert convert_tcvn3(text) == "Căn cứ Luật Hợp tác xã;\nỦy ban nhân dân xã xây dựng\nủy ban nhân dân huyện"
