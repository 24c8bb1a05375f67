"""The apps depend only downward (gaoxin/core/layers.py): every import in every module under gaoxin/, at module level or
lazy inside a function, names its own app or one below it. The project's modules (settings, urls, api, …) may import
any app. The failure names the file, the line and the import; docs/decisions/0014-layers.md explains the order.

Read from the source with `ast`, not by importing: an import inside a function that has not run yet counts too, and
so do `importlib.import_module("gaoxin.…")` and Django's `import_string("gaoxin.…")` with a literal name.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

import gaoxin
from gaoxin.core.layers import LAYERS, PROJECT_MODULES, rank

ROOT = Path(gaoxin.__file__).resolve().parent  # the gaoxin package
REPO = ROOT.parent

# Calls that import the module named by their first argument.
IMPORTING_CALLS = {"import_module", "__import__", "import_string"}


@dataclass(frozen=True)
class Import:
    file: str  # relative to the repository, as the failure names it
    line: int
    module: str  # the module imported, dotted
    lazy: bool  # inside a function: runs when the function is called, not when the module is loaded

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {'lazy ' if self.lazy else ''}import of {self.module}"


def package_of(path: Path, root: Path) -> str:
    """The dotted package a module file belongs to: gaoxin/cases/views/desk.py is in gaoxin.cases.views."""
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts if path.name == "__init__.py" else parts[:-1])


def resolve(node: ast.ImportFrom, package: str) -> str:
    """The absolute module of `from ..x import y` written in `package`."""
    if node.level == 0:
        return node.module or ""
    base = package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_in(source: str, path: Path, root: Path = ROOT) -> list[Import]:
    """Every import of a gaoxin module in the source, with whether it is lazy (inside a function, however deep)."""
    tree = ast.parse(source, filename=str(path))
    file = path.relative_to(root.parent).as_posix()
    package = package_of(path, root)
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = resolve(node, package)
            # `from gaoxin import cases` imports the app gaoxin.cases; `from gaoxin.cases import actions` names a
            # module or an attribute of gaoxin.cases, of the same app either way.
            modules = [f"{module}.{alias.name}" for alias in node.names] if module == "gaoxin" else [module]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if name in IMPORTING_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                modules = [first.value]
        for module in modules:
            if module == "gaoxin" or module.startswith("gaoxin."):
                found.append(Import(file, node.lineno, module, lazy))
        inside = lazy or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(tree, False)
    return found


def owner(path: Path, root: Path = ROOT) -> str | None:
    """The app a file belongs to; None for the project's own modules (gaoxin/settings.py, …)."""
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else None


def target(module: str) -> str | None:
    """The app a gaoxin module belongs to, "project" for the project's modules, None for the bare package."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return "project" if parts[1] in PROJECT_MODULES else parts[1]


def upward_imports(root: Path = ROOT) -> list[Import]:
    """Every import in an app's module of an app above it (or of the project, or of a name LAYERS does not know)."""
    bad = []
    for path in sorted(root.rglob("*.py")):
        app = owner(path, root)
        if app is None:
            continue  # the project wires the apps together: it may import any of them
        for imported in imports_in(path.read_text(encoding="utf-8"), path, root):
            to = target(imported.module)
            if to is None or to == app:
                continue
            if to == "project" or to not in LAYERS or app not in LAYERS or rank(to) > rank(app):
                bad.append(imported)
    return bad


def explain(imported: Import) -> str:
    app, to = imported.file.split("/")[1], target(imported.module)
    if to == "project":
        why = f"{app} imports the project's own module, which is above every app"
    elif to not in LAYERS or app not in LAYERS:
        why = f"{app if app not in LAYERS else to} is not in gaoxin/core/layers.py: place it there"
    else:
        why = f"{to} is above {app} in gaoxin/core/layers.py"
    if imported.lazy:
        why += "; an import inside a function hides the cycle, it does not remove it"
    return f"{imported}: {why}"


def failures(imports: list[Import]) -> list[str]:
    return [explain(i) for i in imports]


# --- the code -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def found() -> list[Import]:
    return upward_imports()


def test_no_module_level_import_runs_up(found):
    bad = failures([i for i in found if not i.lazy])
    assert not bad, "An app imports an app above it (move the code down, or let the upper app register itself):\n" + (
        "\n".join(bad)
    )


def test_no_lazy_import_runs_up(found):
    """A lazy import of an app above fails too, even where nothing above imports back at module level yet."""
    bad = failures([i for i in found if i.lazy])
    assert not bad, "An import inside a function reaches an app above:\n" + "\n".join(bad)


def test_core_imports_no_app(found):
    """Core is below every app: it imports none of them."""
    bad = [explain(i) for i in found if i.file.startswith("gaoxin/core/")]
    assert not bad, "\n".join(bad)


def test_the_layers_name_every_app_and_the_project_modules_every_module():
    apps = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert set(LAYERS) == apps, "every app of gaoxin/ has its place in gaoxin/core/layers.py, and only they"
    assert len(set(LAYERS)) == len(LAYERS)
    assert LAYERS[0] == "core" and LAYERS[-1] == "cockpit"
    installed = {name.removeprefix("gaoxin.") for name in settings.INSTALLED_APPS if name.startswith("gaoxin.")}
    assert installed == set(LAYERS)
    assert {path.stem for path in ROOT.glob("*.py")} == PROJECT_MODULES


# --- the checker itself, on made-up apps -----------------------------------------------------------


def fake_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "gaoxin"
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def test_the_checker_finds_each_way_of_importing_upward(tmp_path):
    root = fake_tree(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/a.py": (
                "import gaoxin.cases.models\n"  # 1
                "from gaoxin.cockpit import selectors\n"  # 2
                "from gaoxin import accounts\n"  # 3
                "from ..projects import figures\n"  # 4
                "import gaoxin.core.errors\n"  # own app: fine
                "from gaoxin import core\n"  # own app: fine
                "import django.db\n"  # not ours: fine
                "\n"
                "def later():\n"
                "    from gaoxin.notifications.actions import notify\n"  # 10
                "    return notify\n"
                "\n"
                "class Config:\n"
                "    async def ready(self):\n"
                "        importlib.import_module('gaoxin.jobs.schedule')\n"  # 15
                "        key = lambda: import_string('gaoxin.ratings.tasks.warn')\n"  # 16
                "        from gaoxin import settings\n"  # 17
            ),
            "cases/__init__.py": "",
            "cases/b.py": (
                "from gaoxin.accounts.models import User\n"  # below: fine
                "def f():\n"
                "    from gaoxin.catalog import selectors\n"  # lazy, but below: fine
                "    from gaoxin.certificates.models import License\n"  # 4
            ),
            "settings.py": "from gaoxin.cockpit import views\n",  # the project: fine
            "urls.py": "import gaoxin.jobs\n",
        },
    )
    found = {(i.file, i.line, i.module, i.lazy) for i in upward_imports(root)}
    assert found == {
        ("gaoxin/core/a.py", 1, "gaoxin.cases.models", False),
        ("gaoxin/core/a.py", 2, "gaoxin.cockpit", False),
        ("gaoxin/core/a.py", 3, "gaoxin.accounts", False),
        ("gaoxin/core/a.py", 4, "gaoxin.projects", False),
        ("gaoxin/core/a.py", 10, "gaoxin.notifications.actions", True),
        ("gaoxin/core/a.py", 15, "gaoxin.jobs.schedule", True),
        ("gaoxin/core/a.py", 16, "gaoxin.ratings.tasks.warn", True),
        ("gaoxin/core/a.py", 17, "gaoxin.settings", True),
        ("gaoxin/cases/b.py", 4, "gaoxin.certificates.models", True),
    }


def test_the_failure_names_the_file_the_line_and_the_import(tmp_path):
    root = fake_tree(
        tmp_path,
        {
            "accounts/x.py": "def f():\n    from gaoxin.cases.models import Case\n",
            "wallet/y.py": "import gaoxin.settings\nimport gaoxin.hall.models\n",
        },
    )
    assert failures(upward_imports(root)) == [
        "gaoxin/accounts/x.py:2: lazy import of gaoxin.cases.models: cases is above accounts in "
        "gaoxin/core/layers.py; an import inside a function hides the cycle, it does not remove it",
        "gaoxin/wallet/y.py:1: import of gaoxin.settings: wallet imports the project's own module, which is above "
        "every app",
        "gaoxin/wallet/y.py:2: import of gaoxin.hall.models: hall is not in gaoxin/core/layers.py: place it there",
    ]
