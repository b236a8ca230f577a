"""The packages of `cleaner` form layers: a package imports only its own modules and packages below it.

    core < rulebook < text < html < spelling < names < stages < readers < pipeline < batch < lint < cli

Every import counts, including those deferred into a function. The top-level modules
(`cleaner/__init__.py`, `cli.py`, `__main__.py`) sit above all and nothing imports them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"
LAYERS = ("core", "rulebook", "text", "html", "spelling", "names", "stages", "readers", "pipeline", "batch", "lint")
TOP = len(LAYERS)


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] not in LAYERS:
        return TOP  # cleaner itself, cli, __main__
    return LAYERS.index(parts[1])


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def _imports(path: Path) -> list[tuple[int, str]]:
    name, is_package = _module_name(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "cleaner":  # `from cleaner import x`: x may be a subpackage
                found += [(node.lineno, f"cleaner.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, target) for line, target in found if target == "cleaner" or target.startswith("cleaner.")]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_a_module_imports_only_its_own_package_and_the_layers_below(path: Path) -> None:
    name, _ = _module_name(path)
    own = _layer(name)
    upward = [
        f"line {line}: {target}"
        for line, target in _imports(path)
        if _layer(target) > own or (_layer(target) == TOP and own == TOP and target == "cleaner" and name != "cleaner")
    ]
    assert not upward, f"{name} imports from above its layer: {upward}"


def test_the_layers_name_every_package() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(LAYERS)
