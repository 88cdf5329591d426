"""The repository's references stay true: every document it names exists, and comments say why
themselves instead of pointing at an issue tracker.

- A `*.md` file or a `docs/` path named anywhere in the code, templates, scripts, benchmarks,
  tests, Makefile, pyproject.toml, the README or docs/ must exist in the repository: relative
  to its root, to the naming file's folder, or (a bare file name) anywhere in it.
- A relative Markdown link in the README or docs/ must reach a file, and its `#anchor` a heading.
- Nothing may name a file outside the repository (`../shared/…`): a reader has only the repository.
- No comment or docstring may cite an issue number ("issue 5", "see #12", "(#12)"): the number
  means nothing to someone reading the code, so the comment states the reason itself.

This file is not scanned: its examples would flag themselves. It needs no database.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THIS = Path(__file__).resolve()

SCANNED = [
    "argmap",
    "templates",
    "static/argmap",
    "scripts",
    "bench",
    "tests",
    "docs",
    "README.md",
    "Makefile",
    "pyproject.toml",
    ".ci",
]
SUFFIXES = {".py", ".html", ".js", ".css", ".sh", ".md", ".toml", ".txt", ""}
SKIPPED_DIRS = {"__pycache__", "node_modules", "out", ".venv", ".git"}

# A `*.md` file name, optionally with a relative folder. Not preceded by a word character, a
# slash or a dot, so that URLs (https://host/x/README.md) and absolute paths are not taken.
MD_MENTION = re.compile(r"(?<![\w/.\-])((?:\.\.?/)*[\w\-][\w.\-]*(?:/[\w.\-]+)*\.md)(?![\w\-])")
# A path under docs/ (a URL such as /api/docs/ is preceded by a slash and not taken).
DOCS_MENTION = re.compile(r"(?<![\w/.\-])(docs/[\w.\-/]*)")
# `../shared/…` (what sits beside a developer's checkout), or an absolute path to a document.
OUTSIDE = re.compile(r"\.\./shared\b|(?<![\w:/.])/(?:[\w.\-]+/)+[\w.\-]+\.md(?![\w\-])")
MD_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)

# "issue 5", "issue #5", "issues 4 and 5", "ticket 3", "PR 12", "bug #7".
ISSUE_WORD = re.compile(r"\b(?:issues?|tickets?|bugs?|PRs?|pull requests?)\s*#?\s*\d+", re.I)
# A bare "#12" where it reads as a citation: opening a comment, in brackets or after a list
# separator, or after "see", "fixes", "closes", "refs", "cf.". "node #4", hex colours (#1d2430),
# CSS ids and URL fragments (page#12) are not citations.
ISSUE_HASH = re.compile(
    r"(?:^|[(\[,;]\s*|\b(?:see|cf\.?|fix(?:es|ed)?|close[sd]?|resolve[sd]?|refs?)\s+)#\d+(?![\w\-])",
    re.I,
)


def scanned_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            files.append(path)
            continue
        for item in sorted(path.rglob("*")):
            parts = set(item.relative_to(ROOT).parts)
            if item.is_file() and not parts & SKIPPED_DIRS and item.suffix in SUFFIXES:
                files.append(item)
    return [f for f in files if f.resolve() != THIS]


def repository_names() -> dict[str, list[Path]]:
    """Every file of the repository by its bare name (for mentions like `surrender-notes.md`)."""
    names: dict[str, list[Path]] = {}
    for item in ROOT.rglob("*"):
        parts = set(item.relative_to(ROOT).parts)
        if item.is_file() and not parts & SKIPPED_DIRS:
            names.setdefault(item.name, []).append(item)
    return names


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def inside(path: Path) -> bool:
    return path.resolve().is_relative_to(ROOT)


def exists(mention: str, where: Path, names: dict[str, list[Path]]) -> bool:
    """Whether a mentioned path names something in the repository."""
    candidates = [where.parent / mention]
    if not mention.startswith("."):
        candidates.append(ROOT / mention)
    if any(c.exists() and inside(c) for c in candidates):
        return True
    return "/" not in mention and mention in names


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(markdown: Path) -> set[str]:
    found: set[str] = set()
    text = FENCE.sub("", markdown.read_text(encoding="utf-8"))
    for match in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", text, re.M):
        base = slug(match.group(1))
        name, n = base, 0
        while name in found:
            n += 1
            name = f"{base}-{n}"
        found.add(name)
    return found


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# --- comments and docstrings -------------------------------------------------------------------


def python_comments(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every comment and every docstring line of a Python module."""
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string.lstrip("#").strip()
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
                and first.end_lineno is not None
            ):
                for number in range(first.lineno, first.end_lineno + 1):
                    yield number, lines[number - 1].strip().strip("\"'").strip()


BLOCK_COMMENTS = {
    ".html": re.compile(r"\{#(.*?)#\}|\{% comment %\}(.*?)\{% endcomment %\}|<!--(.*?)-->", re.S),
    ".css": re.compile(r"/\*(.*?)\*/", re.S),
    ".js": re.compile(r"/\*([\s\S]*?)\*/|(?<![:\"'\\])//([^\n]*)"),
}
HASH_COMMENT = re.compile(r"(?:^|\s)#(?!!)(.*)$", re.M)


def comments(path: Path, text: str) -> Iterator[tuple[int, str]]:
    if path.suffix == ".py":
        yield from python_comments(text)
        return
    if path.suffix == ".md":
        # Prose, not comments: only the explicit "issue 5" form is looked for.
        for number, line in enumerate(text.splitlines(), 1):
            yield number, line
        return
    pattern = BLOCK_COMMENTS.get(path.suffix, HASH_COMMENT)
    for match in pattern.finditer(text):
        body = next((g for g in match.groups() if g is not None), "")
        start = match.start() + match.group(0).find(body) if body else match.start()
        for k, line in enumerate(body.splitlines() or [""]):
            yield line_of(text, start) + k, line.strip()


def issue_citations(path: Path, text: str) -> Iterator[str]:
    for number, comment in comments(path, text):
        match = ISSUE_WORD.search(comment)
        if match is None and path.suffix != ".md":
            match = ISSUE_HASH.search(comment)
        if match:
            yield f"{rel(path)}:{number}: cites an issue ({match.group(0).strip()!r}): {comment}"


# --- the checks --------------------------------------------------------------------------------


def missing_references(path: Path, text: str, names: dict[str, list[Path]]) -> Iterator[str]:
    seen: set[tuple[int, str]] = set()
    for pattern in (MD_MENTION, DOCS_MENTION):
        for match in pattern.finditer(text):
            mention, line = match.group(1).rstrip("."), line_of(text, match.start())
            if (line, mention) not in seen and not exists(mention, path, names):
                seen.add((line, mention))
                yield f"{rel(path)}:{line}: names {mention!r}, which the repository does not have"
    for match in OUTSIDE.finditer(text):
        where = f"{rel(path)}:{line_of(text, match.start())}"
        yield f"{where}: names a file outside the repository ({match.group(0)}…)"


def broken_links(path: Path, text: str) -> Iterator[str]:
    prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for match in MD_LINK.finditer(prose):
        target = match.group(1)
        if re.match(r"[a-z][a-z0-9+.\-]*:|//", target, re.I):
            continue  # another site
        file_part, _, anchor = target.partition("#")
        goal = (path.parent / file_part) if file_part else path
        where = f"{rel(path)}:{line_of(prose, match.start())}"
        if not goal.exists() or not inside(goal):
            yield f"{where}: links to {target!r}, which does not exist"
        elif anchor and goal.suffix == ".md" and anchor not in anchors(goal):
            yield f"{where}: links to {target!r}, but {rel(goal)} has no heading #{anchor}"


def test_every_named_document_exists() -> None:
    names = repository_names()
    problems = [
        problem
        for path in scanned_files()
        for problem in missing_references(path, path.read_text(encoding="utf-8"), names)
    ]
    assert not problems, "\n".join(problems)


def test_every_markdown_link_reaches_its_target() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    problems = [
        problem for page in pages for problem in broken_links(page, page.read_text("utf-8"))
    ]
    assert not problems, "\n".join(problems)


def test_no_comment_cites_an_issue_number() -> None:
    problems = [
        problem
        for path in scanned_files()
        if path.name != "surrender-notes.md"  # research notes: "issue" is a journal's issue
        for problem in issue_citations(path, path.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


# --- the checks can fail -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "comment",
    [
        "The rules (issue 5, point 2):",
        "see issue #12",
        "fixed in PR 7",
        "see #12",
        "(#12)",
        "#12: the counterfactual",
    ],
)
def test_issue_citations_are_recognised(comment: str) -> None:
    text = f"x = 1  # {comment}\n"
    assert list(issue_citations(ROOT / "argmap" / "example.py", text))


@pytest.mark.parametrize(
    "text",
    [
        "color: #1d2430;  /* the ink colour #1d2430 */",
        "/* the picture's container, #graph */",
        "// see https://example.org/page#12",
        "/* 'node #4' is the fourth item */",
    ],
)
def test_colours_ids_and_fragments_are_not_issue_citations(text: str) -> None:
    assert not list(issue_citations(ROOT / "static" / "argmap" / "example.css", text))
    assert not list(issue_citations(ROOT / "static" / "argmap" / "example.js", text))


def test_a_missing_document_is_reported_with_file_and_line() -> None:
    text = "DOC = 1\n# Measured in PERFORMANCE.md; see docs/nowhere.md and ../shared/STYLE.md.\n"
    problems = list(missing_references(ROOT / "argmap" / "example.py", text, repository_names()))
    assert any("argmap/example.py:2" in p and "PERFORMANCE.md" in p for p in problems)
    assert any("docs/nowhere.md" in p for p in problems)
    assert any("outside the repository" in p for p in problems)


def test_a_broken_link_and_a_missing_anchor_are_reported() -> None:
    text = "See [the API](docs/api-missing.md) and [settings](docs/interchange.md#no-such-part).\n"
    problems = list(broken_links(ROOT / "README.md", text))
    assert len(problems) == 2, problems
