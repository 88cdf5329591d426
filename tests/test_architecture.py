"""The architecture checks itself: the import contracts in pyproject.toml, and the budgets a
newcomer relies on (no module over about 400 lines, no results hung on model instances, every
silenced type error with its reason)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "argmap"
BIN = Path(sys.executable).parent
# Cohesive files may run a little over; none may grow into a manual.
MOST_LINES = 420
MOST_TYPE_IGNORES = 10


def _sources(*, migrations: bool = False) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if migrations or "migrations" not in p.parts]


def test_the_import_contracts_are_kept() -> None:
    env = {**os.environ, "ARGMAP_DEBUG": "True"}
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-logo", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    kept = re.search(r"Contracts: (\d+) kept, 0 broken", result.stdout)
    assert kept and int(kept.group(1)) >= 6, result.stdout


def test_no_module_is_over_the_size_budget() -> None:
    sizes = {
        p.relative_to(ROOT): len(p.read_text(encoding="utf-8").splitlines()) for p in _sources()
    }
    assert len(sizes) > 100
    assert {str(p): n for p, n in sizes.items() if n > MOST_LINES} == {}


def test_type_errors_are_silenced_rarely_and_each_with_its_reason() -> None:
    ignores = [
        (path.relative_to(ROOT), number, line)
        for path in _sources(migrations=True)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "# type: ignore" in line
    ]
    assert not [i for i in ignores if "attr-defined" in i[2]], "results go in result objects"
    assert len(ignores) <= MOST_TYPE_IGNORES, "\n".join(f"{p}:{n}" for p, n, _ in ignores)
    # The reason follows the code on the same line: "# type: ignore[code]  # why".
    unexplained = [
        f"{p}:{n}" for p, n, line in ignores if not re.search(r"ignore\[[^\]]+\]\s+#", line)
    ]
    assert unexplained == []
