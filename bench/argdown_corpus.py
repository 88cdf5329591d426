"""argmap's Argdown reader and writer beside `@argdown/cli` 1.7.5 on Argdown's own corpus.

Run: scripts/bench.sh argdown_corpus (add `--pin` to rewrite the pinned counts).

For every file in tests/interchange/argdown_corpus/ (Argdown's examples and its core's test
files): does the CLI read it; does argmap; do argmap's counts (through the mapping in
`argmap/interchange/argdown_census.py`) equal the CLI's. Then argmap's export of what it read
goes back through the CLI: the same statements (by count and by title), arguments and
reconstructed arguments as the original. The CLI is installed from the npm registry into
bench/out/ (never into the repository). With `--pin`, the CLI's counts are written to
tests/interchange/argdown_corpus/cli_counts.json, which the test suite checks without Node.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import ROOT, table

from argmap.interchange import InterchangeError, argdown
from argmap.interchange.argdown_census import census, cli_census

CORPUS = ROOT / "tests" / "interchange" / "argdown_corpus"
PINNED = CORPUS / "cli_counts.json"
OUT = ROOT / "bench" / "out"
CLI = OUT / "node_modules" / ".bin" / "argdown"
VERSION = "1.7.5"  # 2.0.0 does not install from the registry


def argdown_cli() -> Path:
    if CLI.exists():
        found = subprocess.run([str(CLI), "--version"], capture_output=True, text=True)
        if found.stdout.strip() == VERSION:
            return CLI
    if shutil.which("npm") is None:
        raise SystemExit("npm is needed to install @argdown/cli into bench/out/")
    print(f"Installing @argdown/cli@{VERSION} from the npm registry into bench/out/ …")
    subprocess.run(
        ["npm", "install", "--prefix", str(OUT), "--no-audit", "--no-fund", "--loglevel=error",
         f"@argdown/cli@{VERSION}"],
        check=True,
    )  # fmt: skip
    return CLI


def cli_model(cli: Path, text: str) -> dict[str, object] | None:
    """`argdown json` of `text`, or None when the CLI reports an error."""
    with tempfile.TemporaryDirectory() as scratch:
        source, target = Path(scratch) / "in.argdown", Path(scratch) / "json"
        source.write_text(text, encoding="utf-8")
        run = subprocess.run(
            [str(cli), "json", str(source), str(target)], capture_output=True, text=True
        )
        output = run.stdout + run.stderr
        made = list(target.glob("*.json"))
        if run.returncode != 0 or "error" in output.lower() or not made:
            return None
        model: dict[str, object] = json.loads(made[0].read_text(encoding="utf-8"))
        return model


def main() -> None:
    cli = argdown_cli()
    pins: dict[str, object] = {}
    rows = []
    totals = {"files": 0, "cli read": 0, "argmap read": 0, "match": 0, "round trip": 0}
    for path in sorted(CORPUS.rglob("*.argdown")):
        name = str(path.relative_to(CORPUS))
        text = path.read_text(encoding="utf-8")
        totals["files"] += 1
        original = cli_model(cli, text)
        try:
            graph = argdown.read(text).graph
        except InterchangeError as exc:
            graph, ours = None, f"refused: {exc}"
        else:
            totals["argmap read"] += 1
        if original is None:
            pins[name] = {"cli_reads": False}
            rows.append([name, "refused", "read" if graph else ours[:60], "", ""])
            continue
        totals["cli read"] += 1
        theirs = cli_census(original)
        pin: dict[str, object] = {"cli_reads": True, **theirs.as_dict()}
        if graph is None:
            rows.append([name, "read", ours[:60], "", ""])
            pins[name] = pin
            continue
        same = census(graph) == theirs
        totals["match"] += same
        export = argdown.write(graph).text
        back = cli_model(cli, export)
        back_census = cli_census(back) if back is not None else None
        # The same statements: every title a person gave, and every text (less markdown).
        same_statements = (
            back is not None
            and set(titled(original)) <= set(titled(back))
            and texts(back) == texts(original)
        )
        kept = (
            same_statements
            and back_census is not None
            and (back_census.statements, back_census.arguments, back_census.reconstructed)
            == (theirs.statements, theirs.arguments, theirs.reconstructed)
        )
        totals["round trip"] += kept
        pin["export"] = {
            "sha256": hashlib.sha256(export.encode()).hexdigest(),
            "same_titles_and_texts": same_statements,
            **(back_census.as_dict() if back_census else {"cli_reads": False}),
        }
        pins[name] = pin
        rows.append(
            [
                name,
                f"{theirs.statements}/{theirs.arguments}/{theirs.reconstructed}",
                "same counts" if same else f"DIFFERENT {census(graph).as_dict()}",
                "same" if kept else f"DIFFERENT {back_census}",
                f"{len(export.encode()):,}",
            ]
        )
    print(table(["file", "CLI: statements/arguments/PCS", "argmap", "export via CLI", "bytes"],
                rows))  # fmt: skip
    print(", ".join(f"{k}: {v}" for k, v in totals.items()))
    if "--pin" in sys.argv:
        PINNED.write_text(json.dumps(pins, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"pinned {len(pins)} files in {PINNED.relative_to(ROOT)}")


def titled(model: dict[str, object]) -> list[str]:
    """The titles a person gave (not the CLI's "Untitled n"), "[statement]" and "<argument>"."""
    statements, arguments = model["statements"], model["arguments"]
    names = [f"[{n}]" for n in statements] + [f"<{n}>" for n in arguments]  # type: ignore[attr-defined]
    return sorted(n for n in names if not n[1:].startswith("Untitled "))


_MARKUP = re.compile(r"\[(.*?)\]\([^)]*\)|[*_]")


def texts(model: dict[str, object]) -> list[str]:
    """Each statement's text as the CLI gives it (its first defining member), without the
    markdown the CLI drops from texts and argmap keeps (bold, italics, link targets)."""
    found = []
    for statement in model["statements"].values():  # type: ignore[attr-defined]
        text = next((m["text"] for m in statement["members"] if m.get("text")), "")
        found.append(" ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split()))
    return sorted(found)


if __name__ == "__main__":
    main()
