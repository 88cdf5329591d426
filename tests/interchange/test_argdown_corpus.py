"""Argdown's own corpus: argmap reads what `@argdown/cli` 1.7.5 reads, with the CLI's counts, and
its export of it reads back in the CLI as the same statements and arguments.

The CLI's counts are pinned in argdown_corpus/cli_counts.json by bench/argdown_corpus.py, so
this test needs neither Node nor the network. The export's SHA-256 is pinned with the CLI's
reading of it: a writer that writes something else fails here until the benchmark has read
the new export with the CLI again (`--pin`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from argmap.interchange import InterchangeError, argdown
from argmap.interchange.argdown_census import census

CORPUS = Path(__file__).parent / "argdown_corpus"
PINNED = json.loads((CORPUS / "cli_counts.json").read_text(encoding="utf-8"))
FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.argdown"))


def test_every_corpus_file_is_pinned() -> None:
    assert sorted(PINNED) == FILES
    assert sum(pin["cli_reads"] for pin in PINNED.values()) == 27


@pytest.mark.parametrize("name", FILES)
def test_argdown_corpus_file_reads_as_the_cli_reads_it(name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    pin = PINNED[name]
    if not pin["cli_reads"]:
        # The CLI refuses it: argmap may read it, or refuse it naming the line; never crash.
        try:
            argdown.read(text)
        except InterchangeError as exc:
            assert exc.line is not None
        return
    graph = argdown.read(text).graph
    expected = {k: pin[k] for k in ("statements", "arguments", "reconstructed", "relations")}
    assert census(graph).as_dict() == expected


@pytest.mark.parametrize("name", [n for n in FILES if PINNED[n]["cli_reads"]])
def test_argdown_corpus_export_keeps_statements_and_arguments(name: str) -> None:
    pin = PINNED[name]
    graph = argdown.read((CORPUS / name).read_text(encoding="utf-8")).graph
    export = argdown.write(graph).text
    assert hashlib.sha256(export.encode()).hexdigest() == pin["export"]["sha256"], (
        "the writer changed: run bench/argdown_corpus.py --pin to read the new export with the CLI"
    )
    for key in ("statements", "arguments", "reconstructed"):
        assert pin["export"][key] == pin[key]
    # The CLI found every titled statement and argument, and every text, again in the export.
    assert pin["export"]["same_titles_and_texts"] is True
    back = census(argdown.read(export).graph)
    assert (back.statements, back.arguments, back.reconstructed) == (
        pin["statements"],
        pin["arguments"],
        pin["reconstructed"],
    )
