"""The part of YAML that Argdown data elements and front matter use, read without a YAML library.

Two styles, as Argdown has them:
- flow style, `{kind: thesis, sources: ["a", 'b'], year: 1945}` (JSON is a special case and is
  read by Python's `json` first, which is faster);
- block style, `key: value` lines with nested blocks by indentation, `- item` lists and `|` / `>`
  block scalars, used in front matter and in a data element whose `{` ends its line.

Anchors, aliases, tags (`!!str`), multi-document streams, complex keys and multi-line plain
scalars are not read: they raise InterchangeError naming the line. Scalars resolve as YAML 1.2's
core schema does: null, true/false, integers, decimals, otherwise text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from argmap.interchange.base import InterchangeError, Limits

_DQ = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_SQ = re.compile(r"'((?:[^']|'')*)'", re.DOTALL)
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_INT = re.compile(r"^[-+]?[0-9]{1,18}$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_FOLD = re.compile(r"[ \t]*\n[ \t]*")


def resolve(plain: str) -> Any:
    """A plain (unquoted) scalar as YAML's core schema reads it."""
    if plain in ("", "~", "null", "Null", "NULL"):
        return None
    if plain in ("true", "True", "TRUE"):
        return True
    if plain in ("false", "False", "FALSE"):
        return False
    if _INT.match(plain):
        return int(plain)
    if _FLOAT.match(plain) and len(plain) < 40:
        return float(plain)
    return plain


def _unescape(body: str, line: int) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "xuU" and len(code) > 1:
            value = int(code[1:], 16)
            if value > 0x10FFFF:
                raise InterchangeError(f"\\{code} is not a character", line=line)
            return chr(value)
        if code in _ESCAPES:
            return _ESCAPES[code]
        raise InterchangeError(f"unknown escape \\{code} in a quoted text", line=line)

    return _ESCAPE.sub(one, _FOLD.sub(" ", body))


class FlowParser:
    """Reads one flow collection starting at `pos` in `text`; `line_at(pos)` names lines."""

    def __init__(self, text: str, limits: Limits, line_at: Callable[[int], int]) -> None:
        self.text, self.limits, self.line_at = text, limits, line_at

    def fail(self, message: str, pos: int) -> InterchangeError:
        return InterchangeError(message, line=self.line_at(pos))

    def skip(self, pos: int) -> int:
        text = self.text
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        return pos

    def value(self, pos: int, depth: int, stops: str) -> tuple[Any, int]:
        pos = self.skip(pos)
        if depth > self.limits.max_json_depth:
            raise self.fail(f"data nests more than {self.limits.max_json_depth} levels", pos)
        char = self.text[pos : pos + 1]
        if char == "{":
            return self.mapping(pos + 1, depth + 1)
        if char == "[":
            return self.sequence(pos + 1, depth + 1)
        if char in ('"', "'"):
            return self.quoted(pos)
        if char in ("&", "*", "!", "|", ">", "%", "@", "`"):
            raise self.fail(f"YAML {char!r} is not supported in data; quote the text", pos)
        end = pos
        text = self.text
        while end < len(text) and text[end] not in stops and text[end] != "\n":
            if text[end] == ":" and text[end + 1 : end + 2] in ("", " ", "\t", "\n", ",", "}"):
                break
            end += 1
        return resolve(text[pos:end].strip()), end

    def quoted(self, pos: int) -> tuple[str, int]:
        line = self.line_at(pos)
        if self.text[pos] == '"':
            match = _DQ.match(self.text, pos)
            if match is None:
                raise self.fail("a quoted text is never closed", pos)
            return _unescape(match.group(1), line), match.end()
        match = _SQ.match(self.text, pos)
        if match is None:
            raise self.fail("a quoted text is never closed", pos)
        return _FOLD.sub(" ", match.group(1)).replace("''", "'"), match.end()

    def mapping(self, pos: int, depth: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        while True:
            pos = self.skip(pos)
            if pos >= len(self.text):
                raise self.fail("a data element '{' is never closed", pos - 1)
            if self.text[pos] == "}":
                return out, pos + 1
            key, pos = self.value(pos, depth, ",}")
            if isinstance(key, (dict, list)):
                raise self.fail("a data key must be a plain text", pos)
            pos = self.skip(pos)
            value = None
            if self.text[pos : pos + 1] == ":":
                value, pos = self.value(pos + 1, depth, ",}")
                pos = self.skip(pos)
            out["" if key is None else str(key)] = value
            if self.text[pos : pos + 1] == ",":
                pos += 1
            elif self.text[pos : pos + 1] != "}":
                raise self.fail("expected ',' or '}' in data", pos)

    def sequence(self, pos: int, depth: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        while True:
            pos = self.skip(pos)
            if pos >= len(self.text):
                raise self.fail("a list '[' in data is never closed", pos - 1)
            if self.text[pos] == "]":
                return out, pos + 1
            item, pos = self.value(pos, depth, ",]")
            pos = self.skip(pos)
            if self.text[pos : pos + 1] == ":":
                raise self.fail("key: value pairs inside a list are not supported", pos)
            out.append(item)
            if self.text[pos : pos + 1] == ",":
                pos += 1
            elif self.text[pos : pos + 1] != "]":
                raise self.fail("expected ',' or ']' in a list", pos)


def line_finder(text: str) -> Callable[[int], int]:
    """pos -> 1-based line number, by binary search over the newline offsets."""
    starts = [m.end() for m in re.finditer("\n", text)]
    return lambda pos: bisect.bisect_right(starts, pos) + 1


def parse_flow_at(
    text: str, pos: int, limits: Limits, line_at: Callable[[int], int]
) -> tuple[Any, int]:
    """The flow collection (`{…}` or `[…]`) at `pos`, and the position after it."""
    return FlowParser(text, limits, line_at).value(pos, 0, ",}]")


# --- block style ---------------------------------------------------------------------------------

_KEY = re.compile(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{\[][^:]*?)\s*:(?:\s+|$)(.*)$""")


def _scalar(raw: str, line: int, limits: Limits) -> Any:
    raw = raw.strip()
    if raw.startswith(("{", "[", '"', "'")):
        value, end = parse_flow_at(raw, 0, limits, lambda _pos: line)
        if raw[end:].strip() and not raw[end:].strip().startswith("#"):
            raise InterchangeError("unexpected text after a value", line=line)
        return value
    if raw.startswith(("&", "*", "!", "%", "@", "`")):
        raise InterchangeError(f"YAML {raw[0]!r} is not supported; quote the text", line=line)
    return resolve(re.sub(r"\s+#.*$", "", raw))


def parse_block(lines: list[tuple[int, str]], limits: Limits) -> Any:
    """Block-style YAML from (line number, text) pairs; a mapping, a list or a scalar."""
    rows = [
        (number, len(text) - len(text.lstrip(" ")), text.strip())
        for number, text in lines
        if text.strip() and not text.strip().startswith("#")
    ]
    for number, _indent, text in rows:
        if "\t" in text[:1]:
            raise InterchangeError("YAML indentation must use spaces", line=number)
    if not rows:
        return None
    value, end = _block(rows, 0, rows[0][1], 0, limits)
    if end < len(rows):
        raise InterchangeError("this line does not fit the indentation above it", line=rows[end][0])
    return value


def _block(
    rows: list[tuple[int, int, str]], i: int, indent: int, depth: int, limits: Limits
) -> tuple[Any, int]:
    if depth > limits.max_json_depth:
        raise InterchangeError("data nests too deeply", line=rows[i][0])
    number, _, text = rows[i]
    if text == "-" or text.startswith("- "):
        items: list[Any] = []
        while (
            i < len(rows)
            and rows[i][1] == indent
            and (rows[i][2] == "-" or rows[i][2].startswith("- "))
        ):
            number, _, text = rows[i]
            rest = text[1:].strip()
            i += 1
            if rest:
                if _KEY.match(rest) and not rest.startswith(("{", "[", '"', "'")):
                    raise InterchangeError("maps inside lists are not supported here", line=number)
                items.append(_scalar(rest, number, limits))
            elif i < len(rows) and rows[i][1] > indent:
                item, i = _block(rows, i, rows[i][1], depth + 1, limits)
                items.append(item)
            else:
                items.append(None)
        return items, i
    if not _KEY.match(text):
        return _scalar(text, number, limits), i + 1
    out: dict[str, Any] = {}
    while i < len(rows) and rows[i][1] == indent:
        number, _, text = rows[i]
        match = _KEY.match(text)
        if match is None:
            raise InterchangeError("expected 'key: value'", line=number)
        raw_key, rest = match.group(1), match.group(2).strip()
        key = _scalar(raw_key, number, limits) if raw_key[0] in "\"'" else raw_key.strip()
        i += 1
        if rest in ("|", ">", "|-", ">-", "|+", ">+"):
            body: list[str] = []
            while i < len(rows) and rows[i][1] > indent:
                body.append(rows[i][2])
                i += 1
            out[str(key)] = ("\n" if rest[0] == "|" else " ").join(body)
        elif rest:
            out[str(key)] = _scalar(rest, number, limits)
        elif i < len(rows) and (
            rows[i][1] > indent or (rows[i][1] == indent and rows[i][2].startswith("- "))
        ):
            out[str(key)], i = _block(rows, i, rows[i][1], depth + 1, limits)
        else:
            out[str(key)] = None
    return out, i
