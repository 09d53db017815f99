"""The shape of promises/ holds: no lower layer imports a higher one (docs/architecture.md
"The layers").

Every module under promises/ is parsed with `ast`; each import of a `promises.*` module
(absolute or relative, at the top or inside a function) is checked against the table below.
"""

import ast
from pathlib import Path

import pytest

APP = (
    next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
    / "promises"
)

# Lowest first. A module may import its own package, and packages of a lower rank; never a
# higher rank, nor another package of the same rank (the public pages and the admin do not
# lean on each other). Modules left directly in promises/ (apps, urls, signals, checks, ...)
# and the Django-placed packages are named in the table too.
LAYERS = {
    "models": 0,
    "client_ip": 0,
    "caching": 1,
    "editing": 2,
    "templatetags": 3,
    "publishing": 4,
    "public": 5,
    "admin": 5,
    "catalogue_gaps": 5,
    "management": 6,
    "migrations": 6,
    "seed": 6,
    "signals": 6,
    "checks": 6,
    "urls": 6,
    # The app's configuration wires everything together when Django starts.
    "apps": 7,
}


def part_of(module: str) -> str | None:
    """The top-level part of promises a dotted module name belongs to, e.g. "caching"."""
    parts = module.split(".")
    if parts[0] != "promises":
        return None
    return parts[1] if len(parts) > 1 else "promises"


def imported_modules(source: str, module: str, *, is_package: bool) -> list[str]:
    """The dotted names of the modules `source` imports, relative imports made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.append(target)
            # `from promises import caching` and `from . import roles` name modules too.
            found += [f"{target}.{alias.name}" for alias in node.names]
    return found


def wrong_imports(module: str, imports: list[str]) -> list[str]:
    """The imports that break the layer order, as "importer -> imported" lines."""
    own = part_of(module)
    wrong = []
    for target in imports:
        other = part_of(target)
        if other is None or other == own or other == "promises":
            continue
        if other not in LAYERS:
            continue  # `from promises.x import name`: the name, not a part of the app
        if own not in LAYERS:
            raise AssertionError(f"{module} is in no layer; add it to LAYERS")
        if LAYERS[other] >= LAYERS[own]:
            wrong.append(f"{module} -> {target}")
    return wrong


def app_modules():
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP.parent).with_suffix("")
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        yield ".".join(parts), path, is_package


def test_every_part_of_the_app_has_a_layer():
    parts = {part_of(module) for module, _path, _package in app_modules()} - {"promises"}
    assert parts <= set(LAYERS), sorted(parts - set(LAYERS))


def test_no_lower_layer_imports_a_higher_one():
    wrong = []
    for module, path, is_package in app_modules():
        imports = imported_modules(path.read_text(), module, is_package=is_package)
        wrong += wrong_imports(module, imports)
    assert wrong == []


@pytest.mark.parametrize(
    ("module", "source", "is_package"),
    [
        ("promises.models.periods", "from promises.caching import content_stamp", False),
        ("promises.models.periods", "def f():\n    from ..editing.roles import x", False),
        ("promises.models", "from .. import admin", True),
        ("promises.caching.page_cache", "from promises.public.filters import f", False),
        ("promises.publishing.feeds", "import promises.admin.site", False),
        ("promises.editing.backup", "from promises.publishing import seo", False),
        ("promises.public.periods", "from promises.admin.lists import x", False),
    ],
)
def test_the_checker_finds_an_import_upwards(module, source, is_package):
    imports = imported_modules(source, module, is_package=is_package)
    assert wrong_imports(module, imports)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("promises.public.periods", "from promises.models import Promise"),
        ("promises.public.periods", "from ..caching.validators import public_page"),
        ("promises.admin.periods", "from promises.editing import roles"),
        ("promises.signals", "from promises.public import search"),
        ("promises.models.periods", "from .follow_ups import FollowUp"),
    ],
)
def test_the_checker_lets_an_import_downwards_pass(module, source):
    assert wrong_imports(module, imported_modules(source, module, is_package=False)) == []
