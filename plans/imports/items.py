"""The items of a section: "1." items with their "a)" points, or one item
per paragraph when the section is not numbered."""

from __future__ import annotations

import re
from typing import Any

from plans.imports.blocks import Block


def split_items(blocks: list[Block]) -> tuple[list[Block], list[dict[str, Any]]]:
    """'1.' items with their 'a)' children; blocks before the first item are the intro."""
    intro: list[Block] = []
    items: list[dict[str, Any]] = []
    child: dict[str, Any] | None = None
    for block in blocks:
        if block.kind == "num":
            title, rest = split_title(block.text)
            items.append({"title": title, "body": rest, "children": []})
            child = None
        elif block.kind == "letter" and items:
            title, rest = split_title(block.text)
            # "_text" keeps the point as written, for sections whose items have no points.
            child = {"title": title, "body": rest, "_text": block.raw}
            items[-1]["children"].append(child)
        elif child is not None:
            child["body"] = join_bodies(child["body"], block.raw)
            child["_text"] = join_bodies(child["_text"], block.raw)
        elif items:
            items[-1]["body"] = join_bodies(items[-1]["body"], block.raw)
        else:
            intro.append(block)
    return intro, items


def with_points(item: dict[str, Any]) -> str:
    """An item's body followed by its points as written, for parts whose items have no points."""
    return join_bodies(item["body"], *[child["_text"] for child in item["children"]])


def paragraph_items(blocks: list[Block]) -> list[str]:
    """One item per paragraph or dash item; "+" items stay with the item above."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "plus" and out:
            out[-1] = join_bodies(out[-1], block.raw)
        else:
            out.append(block.raw)
    return out


def split_title(text: str) -> tuple[str, str]:
    """An item's title and the text that follows it on the same paragraph."""
    text = text.strip()
    match = re.match(r"^(?P<head>[^:]{2,150}?)\s*:\s+(?P<rest>\S.*)$", text)
    if match and not re.search(r"[.;]", match.group("head")):
        return match.group("head").strip(), match.group("rest").strip()
    if len(text) <= 300:
        return text, ""
    sentence = re.match(r"^(.{20,300}?[.;])\s+(\S.*)$", text)
    if sentence:
        return sentence.group(1).strip(), sentence.group(2).strip()
    cut = text.rfind(" ", 0, 280)
    return text[:cut].strip(), text[cut:].strip()


def join_bodies(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p and p.strip())


def flatten(blocks: list[Block]) -> str:
    return "\n\n".join(block.raw for block in blocks)
