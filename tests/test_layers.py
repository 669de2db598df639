"""Data flows one way (DESIGN.md, "Rooms"): cooperatives knows nothing of
plans or reports. Its code imports nothing from them, lazily inside a function or at
the top, and its templates load no tag library of plans, include or extend
none of plans' templates and name none of its URLs; what plans shows on a
cooperative's pages it attaches itself (cooperatives/registry/panels.py).

What it tells people goes out as notices (cooperatives/rating/events.py)
that reports turns into notifications.
Its tests may use plans to build their data, and its migrations are
frozen history, so both are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FORBIDDEN = ("plans", "reports")
SKIPPED_DIRS = {"tests", "migrations", "__pycache__"}


def _forbidden(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in FORBIDDEN)


def forbidden_imports(source: str) -> list[str]:
    """The forbidden modules a Python source imports, as "line: module"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            modules = [node.module or ""]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            modules = [node.args[0].value]
        else:
            continue
        found += [f"{node.lineno}: {module}" for module in modules if _forbidden(module)]
    return found


def _sources(folder: Path, pattern: str) -> list[Path]:
    return sorted(path for path in folder.rglob(pattern) if not SKIPPED_DIRS & set(path.relative_to(folder).parts[:-1]))


def _plans_tag_libraries() -> set[str]:
    return {path.stem for path in (ROOT / "plans" / "templatetags").glob("*.py") if path.stem != "__init__"}


def forbidden_template_uses(source: str, libraries: set[str]) -> list[str]:
    """What a template takes from plans: a tag library, a template, a URL name."""
    found = []
    for load in re.findall(r"{%\s*load\s+([^%]*?)\s*%}", source):
        found += [f"load {name}" for name in load.split() if name in libraries]
    found += re.findall(r"{%\s*(?:include|extends)\s+[\"']plans/[^\"']*[\"']", source)
    found += re.findall(r"{%\s*url\s+[\"']plans:[^\"']*[\"']", source)
    return found


def test_the_check_sees_every_kind_of_import():
    source = (
        "import plans\n"
        "import plansnot\n"
        "from plans.models import Plan\n"
        "from cooperatives.models import Cooperative\n"
        "from . import plans\n"
        "def f():\n"
        "    from plans.progress import rollup\n"
        "    import_module('plans.access')\n"
        "    importlib.import_module('cooperatives.models')\n"
    )
    assert forbidden_imports(source) == ["1: plans", "3: plans.models", "7: plans.progress", "8: plans.access"]


def test_the_check_sees_what_a_template_takes_from_plans():
    source = (
        "{% load i18n progress_tags registry %}{% include 'plans/includes/_progress_bar.html' %}"
        '{% url "plans:task-detail" 1 %}{% url "cooperatives:registry" %}{% include "cooperatives/x.html" %}'
    )
    assert forbidden_template_uses(source, {"progress_tags"}) == [
        "load progress_tags",
        "{% include 'plans/includes/_progress_bar.html'",
        '{% url "plans:task-detail"',
    ]


def test_cooperatives_imports_nothing_from_plans():
    files = _sources(ROOT / "cooperatives", "*.py")
    assert len(files) > 40, "the walk found too few modules of cooperatives"
    assert ROOT / "cooperatives" / "registry" / "pages.py" in files
    found = {
        str(path.relative_to(ROOT)): hits
        for path in files
        if (hits := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_cooperatives_templates_take_nothing_from_plans():
    libraries = _plans_tag_libraries()
    assert "progress_tags" in libraries
    files = _sources(ROOT / "templates" / "cooperatives", "*.html") + _sources(
        ROOT / "templates" / "cooperatives", "*.txt"
    )
    assert ROOT / "templates" / "cooperatives" / "registry" / "registry_detail.html" in files
    found = {
        str(path.relative_to(ROOT)): hits
        for path in files
        if (hits := forbidden_template_uses(path.read_text(encoding="utf-8"), libraries))
    }
    assert found == {}
