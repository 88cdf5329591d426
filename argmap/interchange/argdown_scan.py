"""The first pass over Argdown text: comments dropped, data and links lifted out, lines numbered.

It reads the text as `@argdown/cli`'s lexer does (its comment patterns are the model):

- `// …` runs to the end of its line, and only when a line break follows it (at the very end of
  a file it is text); `/* … */` and `<!-- … -->` may span lines;
- a comment that fills its lines (nothing but blanks around it) takes those lines with it, so it
  neither ends a relation tree nor a paragraph; one beside text leaves the text;
- a markdown link `[text](target)` is one piece: a `//` or a `#` inside its target is neither a
  comment nor a tag (Argdown's lexer matches links before either); a bare URL's `//` does start
  a comment, as in Argdown, and its line is noted so that the reader can say so;
- a `{…}` data element is read (flow or block YAML) and replaced by a mark that
  `argdown_syntax` looks up; so is a link, so that no later step reads into it. Lines that a
  comment or a data element joins become one line, numbered by where it starts.

Escapes (`\\x`) are kept for the later steps, which need to tell `\\#` from a tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from argmap.interchange import jsonio
from argmap.interchange.base import InterchangeError, Limits
from argmap.interchange.yamlish import line_finder, parse_block, parse_flow_at

_SPECIAL = re.compile(r"\\.|//|/\*|<!--|\{|\[[^\]\n]+?\]\([^)\n]+?\)", re.DOTALL)
_BLOCK_CLOSE = re.compile(r"^[ \t]*\}", re.MULTILINE)
MARK = re.compile(r"\x00([dl])(\d+)\x00")
_URL_SCHEME = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*:\Z")  # `https:` right before a `//`


@dataclass(slots=True)
class Scanned:
    lines: list[tuple[int, str]]  # (line number, text with marks)
    data: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    # Lines where a bare URL's `//` started a comment (as in Argdown): the rest is not kept.
    url_comments: list[int] = field(default_factory=list)


def _own_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(first, after) of the whole lines a comment from `start` to `end` fills, or None when
    something other than blanks shares them. `after` includes the line break that follows."""
    first = text.rfind("\n", 0, start) + 1
    if text[first:start].strip(" \t"):
        return None
    newline = text.find("\n", end)
    stop = len(text) if newline < 0 else newline
    if text[end:stop].strip(" \t"):
        return None
    return first, (len(text) if newline < 0 else newline + 1)


def scan(text: str, offset: int, limits: Limits) -> Scanned:
    """`text` (the part after any front matter, which starts at line `offset` + 1) as numbered
    lines without comments, with data and links replaced by marks."""
    line_at = line_finder(text)
    out = Scanned(lines=[])
    current: list[str] = []
    current_line = 1
    pos = 0

    def emit(piece: str, at: int) -> None:
        nonlocal current_line
        start = 0
        while (newline := piece.find("\n", start)) >= 0:
            current.append(piece[start:newline])
            out.lines.append((current_line + offset, "".join(current)))
            current.clear()
            current_line = line_at(at + newline + 1)
            start = newline + 1
        current.append(piece[start:])

    def drop_comment(start: int, end: int) -> None:
        """Skip a comment; with the lines it fills, when it fills them."""
        nonlocal pos, current_line
        lines = _own_line(text, start, end)
        if lines is not None:
            current.clear()  # just the blanks before the comment on its line
            pos = lines[1]
            current_line = line_at(pos)
        else:
            pos = end

    for match in _SPECIAL.finditer(text):
        start = match.start()
        if start < pos:
            continue
        emit(text[pos:start], pos)
        token = match.group()
        pos = match.end()
        if token.startswith("\\"):
            emit(token, start)
        elif token == "//":
            end = text.find("\n", start)
            if end < 0:
                emit(token, start)  # Argdown reads `//` without a line break after it as text
            else:
                if _URL_SCHEME.search(text, text.rfind("\n", 0, start) + 1, start):
                    out.url_comments.append(line_at(start) + offset)
                drop_comment(start, end)
        elif token in ("/*", "<!--"):
            close = "*/" if token == "/*" else "-->"
            end = text.find(close, pos)
            if end < 0:
                emit(token, start)
            else:
                drop_comment(start, end + len(close))
        elif token.startswith("["):
            emit(f"\x00l{len(out.links)}\x00", start)
            out.links.append(token)
        else:
            value, pos = _data(text, start, limits, line_at)
            emit(f"\x00d{len(out.data)}\x00", start)
            out.data.append(value)
    emit(text[pos:], pos)
    out.lines.append((current_line + offset, "".join(current)))
    return out


def _data(
    text: str, start: int, limits: Limits, line_at: Callable[[int], int]
) -> tuple[dict[str, Any], int]:
    line = line_at(start)
    end_of_line = text.find("\n", start)
    end_of_line = len(text) if end_of_line < 0 else end_of_line
    if not text[start + 1 : end_of_line].strip():  # block style: `{` ends its line
        close = _BLOCK_CLOSE.search(text, end_of_line)
        if close is None:
            raise InterchangeError("a data element '{' is never closed", line=line)
        body = text[end_of_line + 1 : close.start()].split("\n")
        value: Any = parse_block([(line + 1 + i, row) for i, row in enumerate(body)], limits)
        end = text.index("}", close.start()) + 1
    else:
        found = jsonio.load_at(text, start, limits, line=line)
        value, end = found if found is not None else parse_flow_at(text, start, limits, line_at)
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise InterchangeError("data must be {key: value, …}", line=line)
    return value, end
