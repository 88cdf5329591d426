"""Argdown text to a small document model: elements, relations, premise–conclusion structures.

This module knows Argdown's syntax (https://argdown.org/syntax/) and nothing of argmap's graph;
`argmap.interchange.argdown` gives the model its meaning. It reads:

- front matter between `===` lines (JSON or block YAML);
- comments `//`, `/* */`, `<!-- -->` (dropped) and `\\` escapes;
- top-level blocks separated by empty lines: statements `[Title]: text`, references `[Title]`,
  anonymous statements, arguments `<Title>: text` and references `<Title>`, headings `# …`,
  ordered and unordered list items, and premise–conclusion structures `(1) …`, `----`, `(2) …`
  (with expanded inferences `--` … `--`);
- relations under an element, nested by indentation: `+ - _` (incoming), `<+ <- <_` (the
  same, explicit), `+> -> _>` (outgoing) and `><` (contradiction);
- tags `#tag` / `#(tag text)` and `{…}` data (flow or block YAML) on any element.

Everything is read in one pass over the text with regular expressions and no recursion, so
nesting depth is bounded by `Limits.max_depth` and time by the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from argmap.interchange import jsonio
from argmap.interchange.base import InterchangeError, Limits
from argmap.interchange.yamlish import line_finder, parse_block, parse_flow_at

_SPECIAL = re.compile(r"\\.|//|/\*|<!--|\{", re.DOTALL)
_RELATION = re.compile(r"^([ \t]*)(<\+|<-|<_|\+>|->|_>|><|\+(?=[ \t\[<])|-(?=[ \t\[<])|_(?=[ \t]))")
_PCS = re.compile(r"^[ \t]*\((\d+)\)[ \t]*")
_INFERENCE = re.compile(r"^[ \t]*(-{2,})[ \t]*(.*)$")
_HEADING = re.compile(r"^(#+)[ \t]+(.*)$")
_LIST_ITEM = re.compile(r"^([ \t]+)(?:\d+\.|\*)(?=[ \t])")
_STATEMENT = re.compile(r"^\[([^\]\n]+)\](:?)(?!\()")
_ARGUMENT = re.compile(r"^<([^>\n]+)>(:?)")
_TAG = re.compile(r"(?<!\\)#(\([^)\n]+\)|[A-Za-z0-9\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+)")
_DATA_MARK = re.compile(r"\x00(\d+)\x00")
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
# relation symbol -> (type, True when the child is the relation's source)
RELATIONS = {
    "+": ("support", True), "<+": ("support", True), "+>": ("support", False),
    "-": ("attack", True), "<-": ("attack", True), "->": ("attack", False),
    "_": ("undercut", True), "<_": ("undercut", True), "_>": ("undercut", False),
    "><": ("contradiction", True),
}  # fmt: skip


@dataclass(slots=True)
class Element:
    """One occurrence of a statement or argument: a definition, a reference or anonymous."""

    line: int
    is_argument: bool = False
    title: str = ""  # "" for an anonymous statement
    text: str = ""
    defines: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)  # the lines before parsing


@dataclass(slots=True)
class Relation:
    source: Element | Inference
    target: Element | Inference
    type: str  # support | attack | undercut | contradiction
    line: int


@dataclass(slots=True)
class Inference:
    line: int
    argument: Pcs
    step: int  # 0-based among the structure's inferences


@dataclass(slots=True)
class Pcs:
    """A premise–conclusion structure, and the argument it reconstructs (None: anonymous)."""

    line: int
    argument: Element | None
    items: list[Element | Inference] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    front: dict[str, Any] = field(default_factory=dict)
    front_line: int = 0
    elements: list[Element] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    structures: list[Pcs] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _front_matter(lines: list[str], doc: Document, limits: Limits) -> int:
    """Read front matter at the top; the index of the first line after it."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].startswith("==="):
        return 0
    end = next((i for i in range(first + 1, len(lines)) if lines[i].startswith("===")), None)
    if end is None:
        raise InterchangeError("the front matter '===' is never closed", line=first + 1)
    body = "\n".join(lines[first + 1 : end])
    doc.front_line = first + 1
    value = jsonio.load_at(body, len(body) - len(body.lstrip()), limits, line=first + 2)
    if value is not None and not body[value[1] :].strip():
        front = value[0]
    else:
        numbered = [(first + 2 + i, text) for i, text in enumerate(lines[first + 1 : end])]
        front = parse_block(numbered, limits)
    if front is not None and not isinstance(front, dict):
        raise InterchangeError("front matter must be 'key: value' data", line=first + 1)
    doc.front = front or {}
    return end + 1


def _scan(text: str, offset: int, data: list[dict[str, Any]], limits: Limits) -> (
    list[tuple[int, str]]
):  # fmt: skip
    """Drop comments, lift `{…}` data out (leaving a mark), keep escapes; (line, text) pairs.

    Comments and data may span lines; the lines they join become one, numbered by where it
    starts, as Argdown reads them."""
    line_at = line_finder(text)
    lines: list[tuple[int, str]] = []
    current: list[str] = []
    current_line = 1
    pos = 0

    def emit(piece: str, at: int) -> None:
        nonlocal current_line
        start = 0
        while (newline := piece.find("\n", start)) >= 0:
            current.append(piece[start:newline])
            lines.append((current_line + offset, "".join(current)))
            current.clear()
            current_line = line_at(at + newline + 1)
            start = newline + 1
        current.append(piece[start:])

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
            pos = len(text) if end < 0 else end
        elif token in ("/*", "<!--"):
            close = "*/" if token == "/*" else "-->"
            end = text.find(close, pos)
            if end < 0:
                emit(token, start)
            else:
                pos = end + len(close)
        else:
            value, pos = _data(text, start, limits, line_at)
            emit(f"\x00{len(data)}\x00", start)
            data.append(value)
    emit(text[pos:], pos)
    lines.append((current_line + offset, "".join(current)))
    return lines


def _data(text: str, start: int, limits: Limits, line_at: Any) -> tuple[dict[str, Any], int]:
    line = line_at(start)
    end_of_line = text.find("\n", start)
    end_of_line = len(text) if end_of_line < 0 else end_of_line
    if not text[start + 1 : end_of_line].strip():  # block style: `{` ends its line
        close = re.compile(r"^[ \t]*\}", re.MULTILINE).search(text, end_of_line)
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


def _content(element: Element, data: list[dict[str, Any]]) -> None:
    """Fill title, text, data and tags from the element's raw lines."""
    raw = "\n".join(element.raw).strip()
    head = (_ARGUMENT if raw.startswith("<") else _STATEMENT).match(raw)
    if head is not None and "\x00" not in head.group(1):
        element.is_argument = raw.startswith("<")
        element.title = head.group(1).strip()
        element.defines = head.group(2) == ":"
        raw = raw[head.end() :]
    else:
        element.defines = True  # an anonymous statement defines itself
    for match in _DATA_MARK.finditer(raw):
        element.data.update(data[int(match.group(1))])
    raw = _DATA_MARK.sub(" ", raw)
    element.tags = [t[1:-1] if t.startswith("(") else t for t in _TAG.findall(raw)]
    raw = _TAG.sub(" ", raw)
    element.text = " ".join(_UNESCAPE.sub(r"\1", raw).split())


def parse(text: str, limits: Limits) -> Document:
    """The document model of `text`; InterchangeError names the line of anything unreadable."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InterchangeError("the text contains a NUL character", line=line)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    doc = Document()
    all_lines = text.split("\n")
    body_start = _front_matter(all_lines, doc, limits)
    data: list[dict[str, Any]] = []
    lines = _scan("\n".join(all_lines[body_start:]), body_start, data, limits)
    _Blocks(doc, limits).read(lines)
    for element in doc.elements:
        _content(element, data)
    return doc


class _Blocks:
    """Groups lines into top-level blocks and each block into elements and relations."""

    def __init__(self, doc: Document, limits: Limits) -> None:
        self.doc, self.limits = doc, limits
        self.previous_root: Element | None = None

    def read(self, lines: list[tuple[int, str]]) -> None:
        block: list[tuple[int, str]] = []
        for number, text in lines:
            if text.strip():
                block.append((number, text))
            elif block:
                self.block(block)
                block = []
        if block:
            self.block(block)

    def new(self, number: int, text: str, *, top: bool) -> Element:
        element = Element(line=number, raw=[text])
        self.doc.elements.append(element)
        if top:
            self.previous_root = element
        return element

    def block(self, block: list[tuple[int, str]]) -> None:
        number, first = block[0]
        heading = _HEADING.match(first)
        if heading:
            title = " ".join(" ".join(t for _, t in block).split())
            self.doc.headings.append((number, title.lstrip("#").strip()))
            self.previous_root = None
            return
        if _PCS.match(first):
            self.pcs(block, self.previous_root if self._is_argument(self.previous_root) else None)
            self.previous_root = None
            return
        stack: list[tuple[int, Element | Inference]] = []
        last = root = None
        for index, (number, text) in enumerate(block):
            relation = _RELATION.match(text)
            item = _LIST_ITEM.match(text)
            if index == 0 and not relation:
                content = text[item.end() :] if item else text
                last = root = self.new(number, content.strip(), top=True)
                stack = [(len(item.group(1)) if item else -1, last)]
            elif relation and stack:
                indent, symbol = len(relation.group(1)), relation.group(2)
                while len(stack) > 1 and stack[-1][0] >= indent:
                    stack.pop()
                if len(stack) > self.limits.max_depth:
                    raise InterchangeError(
                        f"relations nest more than {self.limits.max_depth} levels deep",
                        line=number,
                    )
                last = self.new(number, text[relation.end() :].strip(), top=False)
                self.relate(stack[-1][1], last, symbol, number)
                stack.append((indent, last))
            elif relation:
                raise InterchangeError(
                    "a relation (+, -, _, <+, +>, …) needs a statement or argument on the line "
                    "above it, with no empty line in between",
                    line=number,
                )
            elif item:
                last = self.new(number, text[item.end() :].strip(), top=True)
                stack = [(len(item.group(1)), last)]
            elif _PCS.match(text) and root is not None and self._is_argument(root):
                self.pcs(block[index:], root)
                self.previous_root = None
                return
            elif last is not None:
                last.raw.append(text.strip())

    @staticmethod
    def _is_argument(item: Element | None) -> bool:
        return item is not None and "".join(item.raw).lstrip().startswith("<")

    def relate(self, parent: Element | Inference, child: Element, symbol: str, line: int) -> None:
        kind, child_is_source = RELATIONS[symbol]
        source, target = (child, parent) if child_is_source else (parent, child)
        self.doc.relations.append(Relation(source, target, kind, line))

    def pcs(self, block: list[tuple[int, str]], argument: Element | None) -> None:
        structure = Pcs(line=block[0][0], argument=argument)
        self.doc.structures.append(structure)
        stack: list[tuple[int, Element | Inference]] = []
        last: Element | None = None
        expanded = False
        for number, text in block:
            if expanded:
                expanded = not _INFERENCE.match(text)
                continue
            numbered, inference = _PCS.match(text), _INFERENCE.match(text)
            relation = _RELATION.match(text)
            if numbered:
                last = self.new(number, text[numbered.end() :].strip(), top=False)
                structure.items.append(last)
                stack = [(len(text) - len(text.lstrip()), last)]
            elif inference:
                step = sum(isinstance(i, Inference) for i in structure.items)
                node = Inference(number, structure, step)
                structure.items.append(node)
                stack, last = [(len(text) - len(text.lstrip()), node)], None
                if len(inference.group(1)) < 4 or inference.group(2):
                    expanded = len(inference.group(1)) < 4
                    self.doc.notes.append(f"line {number}: inference rules and data are not kept")
            elif relation and stack:
                indent = len(relation.group(1))
                while len(stack) > 1 and stack[-1][0] >= indent:
                    stack.pop()
                if len(stack) > self.limits.max_depth:
                    raise InterchangeError("relations nest too deeply", line=number)
                child = self.new(number, text[relation.end() :].strip(), top=False)
                self.relate(stack[-1][1], child, relation.group(2), number)
                stack.append((indent, child))
                last = child
            elif last is not None:
                last.raw.append(text.strip())
            else:
                raise InterchangeError("expected a numbered statement such as (1)", line=number)
