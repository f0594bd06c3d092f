"""The house: which app may import which (docs/architecture.md).

Every import in an app's code is read with `ast` (module level and inside
functions alike) and checked against the table below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "sterkhuis"

# The apps each app may import. An app not listed here (a new one) may import
# any app but the project package; since every listed app names exactly what
# it may import, none of them can import the new one. Add a new app here when
# others are to build on it.
MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    # Every mail goes through the outbox; it knows none of the features.
    "outbox": {"core"},
    "audit": {"core", "outbox"},
    "accounts": {"core", "outbox", "audit"},
    "policy": {"core", "outbox", "audit", "accounts"},
    # The compliance figures, pages and exports: built on policy, which tells
    # it of signatures and publications by signals (`policy.signals`).
    "compliance": {"core", "outbox", "audit", "accounts", "policy"},
    "reporting": {"core", "outbox", "audit", "accounts", "policy"},
    # Export helpers come from core: the register needs nothing of policy.
    "datalek": {"core", "outbox", "audit", "accounts", "reporting"},
    "guidance": {"core", "outbox", "audit", "accounts", "policy", "reporting"},
    # Figures across the apps: sits above all it reads, nothing builds on it.
    "insight": {
        "core",
        "outbox",
        "audit",
        "accounts",
        "policy",
        "compliance",
        "reporting",
        "datalek",
    },
}

# Where an app may use another only through some of its modules: guidance
# reads reporting's signals (a question comes from one), not its helpers.
ONLY_THROUGH: dict[tuple[str, str], set[str]] = {
    ("guidance", "reporting"): {"reporting.models"},
}


def project_apps(root: Path = ROOT) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/apps.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def forbidden_imports(app: str, root: Path = ROOT) -> list[str]:
    apps = project_apps(root)
    allowed = MAY_IMPORT.get(app, set(apps) - {app})
    wrong = []
    for path in sorted((root / app).rglob("*.py")):
        for module in sorted(imported_modules(path)):
            top = module.split(".")[0]
            if top == app or (top not in apps and top != PROJECT):
                continue
            through = ONLY_THROUGH.get((app, top))
            if (
                top == PROJECT
                or top not in allowed
                or (through is not None and not _inside(module, through))
            ):
                wrong.append(f"{path.relative_to(root).as_posix()} imports {module}")
    return wrong


def _inside(module: str, modules: set[str]) -> bool:
    return any(module == m or module.startswith(m + ".") for m in modules)


def test_the_rule_table_names_only_real_apps():
    apps = project_apps()
    assert set(MAY_IMPORT) <= set(apps)
    for allowed in MAY_IMPORT.values():
        assert allowed <= set(apps)
    for (app, other), modules in ONLY_THROUGH.items():
        assert other in MAY_IMPORT[app]
        assert all(module.split(".")[0] == other for module in modules)


@pytest.mark.parametrize("app", project_apps())
def test_imports_follow_the_arrows(app):
    assert forbidden_imports(app) == []


def test_a_forbidden_arrow_is_found(tmp_path):
    """The check itself can fail: an import against the table is reported."""
    for name, source in {
        "accounts": "from policy.models import Signature\n",
        "policy": "import reporting.models\nfrom sterkhuis import settings\n",
        "reporting": "def f():\n    from accounts import roles\n",
        "guidance": "from reporting.models import Signal\nimport reporting.forms\n",
        "datalek": "from policy.exports import csv_response\n",
    }.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "apps.py").write_text("")
        (tmp_path / name / "code.py").write_text(source)
    assert forbidden_imports("accounts", tmp_path) == [
        "accounts/code.py imports policy.models"
    ]
    assert forbidden_imports("policy", tmp_path) == [
        "policy/code.py imports reporting.models",
        "policy/code.py imports sterkhuis",
    ]
    assert forbidden_imports("reporting", tmp_path) == []
    assert forbidden_imports("guidance", tmp_path) == [
        "guidance/code.py imports reporting.forms"
    ]
    assert forbidden_imports("datalek", tmp_path) == [
        "datalek/code.py imports policy.exports"
    ]
