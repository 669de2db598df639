"""Reading an existing plan (.docx, .doc, .pdf, .txt or .md, pasted text,
or interchange .json) into the interchange format "htxplan.plan/1", for a
preview before a draft is saved.

The way through, one module a step:

- readers: the checks on the uploaded file and the reader for its kind;
  word (with wordtable) turns a .docx into lines, its tables into rows
  "a | b | c" (a grouping row "text |"), legacydoc converts a .doc through
  LibreOffice where it is installed, pdf reads a PDF's text layer,
  encodings turns a text file's bytes into Unicode, textrepair mends
  damaged Vietnamese (syllables holds the rules);
- webtext (run first by layout.read_lines): text copied from a web page,
  its Markdown marks, lone "|" cells and Markdown tables, into plain lines;
- parser: the text into interchange data, through layout (lines, page
  numbers, wraps), header (header block, "KẾ HOẠCH", title), blocks
  (paragraphs and their markers), sections (front matter, sections,
  closing), body (objectives, tasks, solutions, funding, free sections,
  with items and tasks), foot ("Nơi nhận" and the signer) and words (the
  check that no word of the input is lost);
- issuer: the header a file leaves out, from the issuer the editor chose;
- preview: what the preview page shows.

Nothing here touches the database: saving is services.plan_import.
"""

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
from plans.imports.header import MOTTO, NATIONAL, NUMBER
from plans.imports.issuer import fill_header_from_issuer
from plans.imports.layout import page_number_lines
from plans.imports.parser import parse_plan
from plans.imports.patterns import RECIPIENTS
from plans.imports.preview import preview_context
from plans.imports.readers import MAX_BYTES, ImportResult, import_docx, import_file, import_json, import_text
from plans.imports.syllables import fix_syllable, is_vietnamese_word, parse_syllable
from plans.imports.textrepair import Repair, RepairResult, repair_text
from plans.imports.word import docx_lines
from plans.imports.words import MARKER, data_words, words_of

__all__ = [
    "MARKER",
    "MAX_BYTES",
    "MOTTO",
    "NATIONAL",
    "NUMBER",
    "RECIPIENTS",
    "TCVN3",
    "VNI_LETTERS",
    "VNI_MARKS",
    "ImportResult",
    "NotText",
    "Repair",
    "RepairResult",
    "convert_tcvn3",
    "convert_vni",
    "data_words",
    "decode_bytes",
    "detect_legacy_encoding",
    "docx_lines",
    "fill_header_from_issuer",
    "fix_syllable",
    "import_docx",
    "import_file",
    "import_json",
    "import_text",
    "is_vietnamese_word",
    "page_number_lines",
    "parse_plan",
    "parse_syllable",
    "preview_context",
    "repair_text",
    "words_of",
]
