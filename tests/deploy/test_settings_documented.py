"""Every environment variable the app, its server, its deployment files and its scripts read is
described once in docs/settings.md, and the page describes nothing that nothing reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = [
    *(ROOT / "argmap").rglob("*.py"),
    *(ROOT / "scripts").glob("*.sh"),
    *(ROOT / "deploy").iterdir(),
    ROOT / "compose.yaml",
    ROOT / "Dockerfile",
    ROOT / "bench" / "harness.py",
    ROOT / "tests" / "conftest.py",
    ROOT / "tests" / "_env.py",
]
NAME = re.compile(r"\b(ARGMAP_[A-Z_]*[A-Z]|DATABASE_URL)\b")


def read_variables() -> set[str]:
    found: set[str] = set()
    for path in READERS:
        if path.is_file() and path.suffix != ".pyc":
            found |= set(NAME.findall(path.read_text()))
    # Prefixes named in prose ("the ARGMAP_RATE_* variables") are not variables.
    return {name for name in found if not name.endswith("_")}


def documented_rows() -> list[str]:
    text = (ROOT / "docs" / "settings.md").read_text()
    return re.findall(r"^\| `([A-Z_]+)` \|", text, re.MULTILINE)


def test_every_variable_is_documented_exactly_once() -> None:
    rows = documented_rows()
    duplicates = {name for name in rows if rows.count(name) > 1}
    assert duplicates == set()
    missing = read_variables() - set(rows)
    assert missing == set(), f"read but not in docs/settings.md: {sorted(missing)}"


def test_the_settings_page_describes_only_what_is_read() -> None:
    stale = set(documented_rows()) - read_variables() - {"CI"}
    assert stale == set(), f"documented but read nowhere: {sorted(stale)}"
