"""The dependency graph stays a tree a newcomer can draw (docs/architecture.md): the core apps
import only the core apps below them; capability apps import only the core; nothing imports the
assembly layers (web, api, demo)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "veche"
CORE_ORDER = ["territories", "accounts", "registry", "ledger"]
ASSEMBLY = {"web", "api", "demo"}
# Libraries without models that import nothing from veche; anyone may use them.
LIBRARIES = {"documents"}


def _app_imports(app: str) -> set[str]:
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "veche" and len(parts) > 1 and (ROOT / parts[1]).is_dir():
                    found.add(parts[1])
    found.discard(app)
    return found


def _apps() -> list[str]:
    return sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())


@pytest.mark.parametrize("app", CORE_ORDER)
def test_core_apps_import_only_the_core_below_them(app):
    allowed = set(CORE_ORDER[: CORE_ORDER.index(app)])
    assert _app_imports(app) <= allowed, f"{app} imports {_app_imports(app) - allowed}"


def test_capability_apps_import_only_the_core():
    for app in _apps():
        if app not in CORE_ORDER and app not in ASSEMBLY:
            assert _app_imports(app) <= set(CORE_ORDER) | LIBRARIES, \
                f"{app} imports {_app_imports(app)}"


def test_nothing_imports_the_assembly_layers():
    for app in _apps():
        if app in ASSEMBLY:
            continue
        assert not (_app_imports(app) & ASSEMBLY), f"{app} imports {_app_imports(app) & ASSEMBLY}"


def test_libraries_import_nothing_from_veche():
    for lib in LIBRARIES:
        assert not _app_imports(lib), f"{lib} imports {_app_imports(lib)}"
