"""Every row lock sits inside a transaction.

`select_for_update` outside `transaction.atomic` raises on PostgreSQL at run time, yet the test
suite's own transaction hides it from every test that is not a live-server test: a decorator lost
in a refactor (it happened, to `peer_round_open`) only shows in the browser tests. This reads the
code instead: a function that locks rows is atomic itself, or is a private helper whose every
caller in its module is."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "argmap"


def _is_atomic_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute | ast.Name) and ast.unparse(target).endswith("atomic")


def _locks(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(n, ast.Attribute) and n.attr == "select_for_update" for n in ast.walk(function)
    )


def _opens_transaction(function: ast.FunctionDef) -> bool:
    if any(_is_atomic_decorator(d) for d in function.decorator_list):
        return True
    return any(
        isinstance(n, ast.With) and any(_is_atomic_decorator(i.context_expr) for i in n.items)
        for n in ast.walk(function)
    )


def _calls(function: ast.FunctionDef, name: str) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
        for n in ast.walk(function)
    )


def unguarded_locks() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for function in functions:
            if not _locks(function) or _opens_transaction(function):
                continue
            callers = [f for f in functions if f is not function and _calls(f, function.name)]
            guarded = (
                function.name.startswith("_")
                and callers
                and all(_opens_transaction(c) for c in callers)
            )
            if not guarded:
                found.append(f"{path.relative_to(ROOT.parent)}:{function.lineno} {function.name}")
    return found


def test_every_function_that_locks_rows_runs_in_a_transaction() -> None:
    assert unguarded_locks() == []


def test_the_check_sees_a_lock_outside_a_transaction() -> None:
    source = (
        "from django.db import transaction\n"
        "def opens(*, a):\n    A.objects.select_for_update().get(pk=a)\n"
        "@transaction.atomic\ndef safe(*, a):\n    A.objects.select_for_update().get(pk=a)\n"
    )
    tree = ast.parse(source)
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert _locks(functions["opens"]) and not _opens_transaction(functions["opens"])
    assert _opens_transaction(functions["safe"])
