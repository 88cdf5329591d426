"""argmap.evaluation stays pure Python: it runs where Django cannot even be imported."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import argmap.evaluation
import argmap.lib.dates

PACKAGE = Path(argmap.evaluation.__file__).parent


def test_evaluation_imports_and_runs_with_django_unimportable() -> None:
    script = textwrap.dedent(
        """
        import sys
        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name == "django" or name.startswith("django."):
                    raise ImportError("django is not allowed here")
        sys.meta_path.insert(0, Refuse())
        from argmap.graph import Graph, GraphLink, GraphNode
        from argmap.evaluation import check_map, counterfactual, evaluate
        g = Graph()
        g.add_node(GraphNode("a", "evidence", "A"))
        g.add_node(GraphNode("b", "thesis", "B"))
        g.add_link(GraphLink("l", "opposes", "a", target="b"))
        assert evaluate(g).labels == {"a": "in", "b": "out"}
        counterfactual(g, {"a"})
        check_map(g)
        assert not any(m == "django" or m.startswith("django.") for m in sys.modules)
        print("pure")
        """
    )
    root = PACKAGE.parent.parent
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "pure"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_module_of_evaluation_or_of_the_date_parser_names_django() -> None:
    files = [*PACKAGE.glob("*.py"), Path(argmap.lib.dates.__file__)]
    assert len(files) > 5
    for path in files:
        assert not any(m.split(".")[0] == "django" for m in _imports(path)), path.name


def test_evaluation_modules_stay_under_the_size_budget() -> None:
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path.name
