"""argmap.interchange is pure Python: no module of it imports Django, directly or indirectly."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "argmap" / "interchange"


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_interchange_module_imports_django() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 10
    for path in modules:
        for name in imported_modules(path):
            assert not name.startswith(("django", "rest_framework")), f"{path.name}: {name}"
            if name.startswith("argmap.") and not name.startswith("argmap.interchange"):
                assert name in ("argmap.graph", "argmap.lib.dates"), f"{path.name}: {name}"


def test_importing_interchange_loads_no_django_module() -> None:
    code = (
        "import sys, argmap.interchange; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    root = PACKAGE.parents[1]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_interchange_modules_stay_small() -> None:
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name
