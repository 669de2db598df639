"""Reading existing plans into the interchange format (see plans.interchange)."""

from plans.imports.encodings import (
    TCVN3,
    VNI_LETTERS,
    VNI_MARKS,
    NotText,
    convert_tcvn3,
    convert_vni,
    decode_bytes,
    detect_legacy_encoding,
)
from plans.imports.syllables import fix_syllable, is_vietnamese_word, parse_syllable
from plans.imports.textrepair import Repair, RepairResult, repair_text

__all__ = [
    "TCVN3",
    "VNI_LETTERS",
    "VNI_MARKS",
    "NotText",
    "Repair",
    "RepairResult",
    "convert_tcvn3",
    "convert_vni",
    "decode_bytes",
    "detect_legacy_encoding",
    "fix_syllable",
    "is_vietnamese_word",
    "parse_syllable",
    "repair_text",
]
