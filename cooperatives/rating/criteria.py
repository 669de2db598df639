"""Criteria sets as data: read a set's JSON file, check it (errors in
Vietnamese), store it as a RatingCriteriaSet, find the set for a year.

A set names its size thresholds by file (`size_classes_file`, beside it) or
holds them (`size_classes`); either way the stored data holds them, so an
assessment keeps every rule it was computed with."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cooperatives.models import CooperativeRating
from cooperatives.rating.records import RatingCriteriaSet

SETS_DIR = Path(__file__).resolve().parent / "sets"
DEFAULT_FILE = SETS_DIR / "tt01_2020.json"
RATINGS = {
    CooperativeRating.Rating.GOOD,
    CooperativeRating.Rating.FAIR,
    CooperativeRating.Rating.AVERAGE,
    CooperativeRating.Rating.WEAK,
}
SIZES = set(CooperativeRating.SizeClass.values)


def set_read(path: Path | str) -> dict:
    """The set in the file, with its size thresholds put in; ValidationError if it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise ValidationError(_("Không đọc được tệp “%(name)s”.") % {"name": path.name}) from None
    except ValueError as exc:
        raise ValidationError(
            _("Tệp “%(name)s” không phải JSON hợp lệ: %(error)s") % {"name": path.name, "error": exc}
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(_("Tệp bộ tiêu chí phải là một đối tượng JSON."))
    size_file = data.pop("size_classes_file", None)
    if size_file:
        sizes = path.parent / str(size_file)
        try:
            data["size_classes"] = json.loads(sizes.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ValidationError(_("Không đọc được tệp quy mô “%(name)s”.") % {"name": size_file}) from None
    set_check(data)
    return data


def _number(value, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(_("%(where)s: thiếu điểm tối đa hoặc không phải số.") % {"where": where})
    return Decimal(str(value))


def _check_sum(children: list, total, where: str) -> None:
    got = sum((_number(c.get("max"), f"{where} / {c.get('code', '?')}") for c in children), Decimal(0))
    if got != _number(total, where):
        raise ValidationError(
            _("%(where)s: tổng điểm các mục con là %(got)s, khác điểm tối đa %(max)s.")
            % {"where": where, "got": got, "max": total}
        )


def _check_groups(data: dict) -> None:
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise ValidationError(_("Bộ tiêu chí chưa có nhóm tiêu chí nào."))
    _check_sum(groups, data.get("max_total"), _("Tổng điểm"))
    codes = set()
    for group in groups:
        criteria = group.get("criteria") or []
        if not criteria:
            raise ValidationError(_("Nhóm %(code)s chưa có tiêu chí nào.") % {"code": group.get("code", "?")})
        _check_sum(criteria, group.get("max"), _("Nhóm %(code)s") % {"code": group.get("code", "?")})
        for criterion in criteria:
            items = criterion.get("items") or []
            where = _("Tiêu chí %(code)s") % {"code": criterion.get("code", "?")}
            if not items:
                raise ValidationError(_("%(where)s chưa có nội dung chấm điểm.") % {"where": where})
            _check_sum(items, criterion.get("max"), where)
            for item in items:
                code = str(item.get("code") or "")
                if not code or len(code) > 12 or code in codes or not item.get("title"):
                    raise ValidationError(
                        _("%(where)s: mỗi nội dung cần mã (tối đa 12 ký tự, không trùng) và tên.") % {"where": where}
                    )
                codes.add(code)


def _check_categories(data: dict) -> None:
    categories = data.get("categories")
    if not isinstance(categories, list) or {c.get("rating") for c in categories} != RATINGS:
        raise ValidationError(_("Các mức xếp loại phải gồm đúng: good, fair, average, weak."))
    mins = [_number(c.get("min"), _("Mức %(r)s") % {"r": c.get("rating")}) for c in categories]
    if mins != sorted(mins, reverse=True) or mins[-1] != 0:
        raise ValidationError(_("Điểm sàn các mức xếp loại phải giảm dần và mức thấp nhất từ 0 điểm."))


def _check_sizes(data: dict) -> None:
    sizes = data.get("size_classes")
    classes = sizes.get("classes") if isinstance(sizes, dict) else None
    if not isinstance(classes, list) or not classes or sizes.get("otherwise") not in SIZES:
        raise ValidationError(_("Thiếu ngưỡng phân loại quy mô (size_classes)."))
    for entry in classes:
        if entry.get("size_class") not in SIZES:
            raise ValidationError(_("Quy mô “%(s)s” không có trong danh mục.") % {"s": entry.get("size_class")})
        for key in ("min_members", "min_revenue", "min_capital"):
            _number(entry.get(key), _("Quy mô %(s)s / %(k)s") % {"s": entry["size_class"], "k": key})


def set_check(data: dict) -> None:
    for key in ("code", "title", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ValidationError(_("Bộ tiêu chí thiếu trường “%(key)s”.") % {"key": key})
    if len(data["code"]) > 40:
        raise ValidationError(_("Mã bộ tiêu chí dài quá 40 ký tự."))
    year = data.get("valid_from")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError(_("Năm áp dụng (valid_from) phải là một năm trong khoảng 2000–2100."))
    _check_groups(data)
    _check_categories(data)
    _check_sizes(data)
    rules = data.get("not_rated") or {}
    for key in ("min_months_operated", "max_months_stopped"):
        if not isinstance(rules.get(key), int) or rules[key] < 0:
            raise ValidationError(_("Thiếu điều kiện không phân loại “%(key)s” (số tháng).") % {"key": key})
    for key in ("reminders_from", "cooperative", "district", "province"):
        value = str((data.get("deadlines") or {}).get(key, ""))
        if len(value) != 5 or value[2] != "-" or not (value[:2] + value[3:]).isdigit():
            raise ValidationError(_("Hạn “%(key)s” phải có dạng TT-NN (ví dụ 12-15).") % {"key": key})


@transaction.atomic
def set_load(path: Path | str) -> tuple[RatingCriteriaSet, bool]:
    """Store the file's set (a set already used by an assessment is not changed: load it under a new code)."""
    data = set_read(path)
    found = RatingCriteriaSet.objects.select_for_update().filter(code=data["code"]).first()
    if found is not None and found.data != data and found.assessments.exists():
        raise ValidationError(
            _("Bộ tiêu chí %(code)s đã được dùng để đánh giá; hãy nạp bộ mới với mã khác.") % {"code": data["code"]}
        )
    fields = {"title": data["title"], "source": data["source"], "valid_from": data["valid_from"], "data": data}
    obj, created = RatingCriteriaSet.objects.update_or_create(code=data["code"], defaults=fields)
    return obj, created


def set_for_year(year: int) -> RatingCriteriaSet:
    """The newest set valid for the year; the default set is loaded on first use."""
    found = RatingCriteriaSet.objects.filter(valid_from__lte=year).order_by("-valid_from", "-id").first()
    if found is None:
        found = RatingCriteriaSet.objects.filter(code=set_read(DEFAULT_FILE)["code"]).first()
    if found is None:
        found, _created = set_load(DEFAULT_FILE)
    return found


def set_items(data: dict) -> list[dict]:
    """Every scored item of the set, in order, with its criterion and group."""
    out = []
    for group in data["groups"]:
        for criterion in group["criteria"]:
            for item in criterion["items"]:
                out.append({**item, "criterion": criterion["code"], "group": group["code"]})
    return out
