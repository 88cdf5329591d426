"""The YAML of Argdown's data elements and front matter.

Two styles, as Argdown has them:
- flow style, `{kind: thesis, sources: ["a", 'b'], year: 1945}` on a statement's line, read here
  by a small parser that also finds where the element ends in the surrounding text (JSON is a
  special case, read by Python's `json` first, which is faster);
- block style, `key: value` lines with nested blocks, lists, folded and block scalars, in front
  matter and in a data element whose `{` ends its line: read by PyYAML's safe loader.

Anchors and aliases raise InterchangeError naming the line, and so does nesting deeper than
`Limits.max_json_depth`. Plain scalars resolve as YAML 1.2's core schema does (the schema of the
YAML library Argdown itself uses): null, true/false, integers, decimals, otherwise text, so that
`1945-08-06` stays a text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

import yaml

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


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, resolving plain scalars closer to YAML 1.2's core schema (which
    Argdown's own YAML library uses): dates stay text, `yes`/`no`/`=` are text."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value",
                       "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}  # fmt: skip
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _check_tree(root: yaml.Node, limits: Limits, first_line: int) -> None:
    """Refuse aliases (a node reached twice) and nesting deeper than the limit, without
    recursion, before anything is built from the tree."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        line = first_line + node.start_mark.line
        if id(node) in seen:
            raise InterchangeError("YAML anchors and aliases are not supported", line=line)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            continue
        if depth + 1 > limits.max_json_depth:
            raise InterchangeError(
                f"data nests more than {limits.max_json_depth} levels deep", line=line
            )
        stack.extend((child, depth + 1) for child in children)


def parse_block(lines: list[tuple[int, str]], limits: Limits) -> Any:
    """Block-style YAML from (line number, text) pairs (consecutive lines): a mapping, a list or
    a scalar, read by PyYAML; InterchangeError names the line of what it cannot read."""
    if not lines:
        return None
    first_line = lines[0][0]
    text = "\n".join(row for _, row in lines)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_tree(root, limits, first_line)
        return loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        raise InterchangeError(f"not readable as YAML: {exc.problem or exc}", line=line) from None
    except yaml.YAMLError as exc:
        raise InterchangeError(f"not readable as YAML: {exc}", line=first_line) from None
    except RecursionError:
        raise InterchangeError(
            f"data nests more than {limits.max_json_depth} levels deep", line=first_line
        ) from None
    finally:
        loader.dispose()
