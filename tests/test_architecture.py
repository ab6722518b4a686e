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
LIBRARIES = {"documents", "text", "linkage"}
# …except other libraries: record linkage stands on the text toolkit's name normalisation.
LIBRARY_USES = {"linkage": {"text"}}


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
    allowed = set(CORE_ORDER[: CORE_ORDER.index(app)]) | LIBRARIES
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
        allowed = LIBRARY_USES.get(lib, set())
        assert _app_imports(lib) <= allowed, f"{lib} imports {_app_imports(lib) - allowed}"


# --- one contract per capability (issue 13): the bridges and the assembly layers --------------

BRIDGES = "bridges"  # services joining two capabilities (veche/bridges/): no models, not an app


def test_no_app_imports_the_bridges():
    """Only the assembly layers use a bridge; a capability (or the core) that imported one
    would depend, through it, on another capability."""
    for app in _apps():
        if app not in ASSEMBLY:
            assert BRIDGES not in _app_imports(app), f"{app} imports veche.{BRIDGES}"


def test_bridges_import_no_assembly_layer_and_hold_no_models():
    assert not (_app_imports(BRIDGES) & ASSEMBLY), \
        f"veche.{BRIDGES} imports {_app_imports(BRIDGES) & ASSEMBLY}"
    assert not (ROOT / BRIDGES / "apps.py").exists()
    assert not list((ROOT / BRIDGES).rglob("models*"))


@pytest.mark.parametrize("layer", ["api", "demo"])
def test_api_and_demo_never_import_web(layer):
    assert "web" not in _app_imports(layer), f"{layer} imports veche.web"


def _router_imports() -> dict[str, set[tuple[str, str]]]:
    """For each module of veche/api/routers: the (sibling module, name) pairs it imports."""
    routers = ROOT / "api" / "routers"
    found: dict[str, set[tuple[str, str]]] = {}
    for path in routers.glob("*.py"):
        pairs = found.setdefault(path.stem, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level == 1 and node.module is None:  # from . import sibling
                pairs.update((a.name, "") for a in node.names)
            elif node.level == 1 or (node.module or "").startswith("veche.api.routers."):
                sibling = (node.module or "").removeprefix("veche.api.routers.").split(".")[0]
                pairs.update((sibling, a.name) for a in node.names)
    return found


def test_api_routers_share_no_private_names_and_form_no_cycle():
    imports = _router_imports()
    private = sorted(f"{mod} imports {name} from {sibling}"
                     for mod, pairs in imports.items() for sibling, name in pairs
                     if name.startswith("_"))
    assert not private, private
    graph = {mod: {sibling for sibling, _ in pairs if sibling in imports}
             for mod, pairs in imports.items()}

    def visit(mod: str, path: list[str]) -> None:
        for sibling in graph[mod]:
            assert sibling not in path, f"import cycle: {' → '.join(path + [sibling])}"
            visit(sibling, path + [sibling])

    for mod in graph:
        visit(mod, [mod])


# --- each capability declares its contract once (veche/accounts/contract.py) -------------------

CONTRACT_FILES = ("access.py", "lifecycle.py", "tenancy.py", "contract.py")


def _capability_apps() -> list[str]:
    return [a for a in _apps() if a not in CORE_ORDER and a not in ASSEMBLY]


@pytest.mark.parametrize("app", _capability_apps())
def test_every_capability_has_its_contract_files_and_registers_them(app):
    from veche.accounts.contract import capabilities

    missing = [f for f in CONTRACT_FILES if not (ROOT / app / f).exists()]
    assert not missing, f"veche/{app} lacks {missing}"
    declared = {c.name: c for c in capabilities()}
    assert app in declared, f"veche/{app}/contract.py is not registered (apps.py ready())"
    cap = declared[app]
    assert cap.walk_objects is not None and cap.access, f"{app}: walk objects or access empty"


def _calls(path: Path, name: str) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call)
            and getattr(n.func, "id", getattr(n.func, "attr", None)) == name]


def test_the_assembly_layers_do_not_spell_out_role_sets():
    """Who may act is the capability's named role set (`role_required(access.MANAGE)`), not a
    list of roles re-spelled in a web module or a router: one place to change it."""
    spelled = []
    for layer in ("web", "api"):
        for path in (ROOT / layer).rglob("*.py"):
            for line in _calls(path, "town_role_required"):
                spelled.append(f"{path.relative_to(ROOT)}:{line}")
            tree = ast.parse(path.read_text(encoding="utf-8"))
            spelled += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in ast.walk(tree)
                        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "town_roles"
                        and any(isinstance(a, ast.Attribute) and getattr(a.value, "id", "")
                                == "Role" for a in n.args)]
    assert not spelled, "use role_required(<capability>.access.<SET>) instead: " + str(spelled)


def test_lifecycles_name_each_action_once():
    from veche.accounts.contract import capabilities

    for cap in capabilities():
        for lifecycle in cap.lifecycles:
            actions = lifecycle.actions()
            assert len(actions) == len(set(actions)), f"{cap.name}/{lifecycle.name}: {actions}"
