"""Argdown text to a small document model: elements, relations, premise–conclusion structures.

This module knows Argdown's syntax (https://argdown.org/syntax/) and nothing of argmap's graph;
`argmap.interchange.argdown` gives the model its meaning. Where the syntax leaves room, it reads
as `@argdown/cli` 1.7.5 does (its lexer and parser are the reference). It reads:

- front matter between `===` lines (JSON, else YAML);
- comments, data and links as `argdown_scan` describes;
- top-level blocks separated by empty lines: statements `[Title]: text`, references `[Title]`,
  anonymous statements, arguments `<Title>: text` and references `<Title>`, headings `# …`,
  ordered and unordered list items (at any indentation, the first column too), and
  premise–conclusion structures `(1) …`, `----`, `(2) …` (an inference `-- rule --` on one line
  or spread over several, with its rules and data);
- relations under an element, nested by indentation as Argdown's lexer nests them (a line
  indented less than its predecessor belongs to the nearest open level at or above its
  indentation): `+ - _` (incoming), `<+ <- <_` (the same, explicit), `+> -> _>` (outgoing) and
  `><` (contradiction);
- tags `#tag` / `#(tag text)`, which stay in the text as Argdown keeps them there, except the
  kind tags that argmap reads (`strip_tags`); `{…}` data on any element.

Texts are kept as written: markdown (bold, italics, links, also links to headings) stays in the
text; escapes are resolved. Everything is read in one pass with regular expressions and no
recursion, so nesting depth is bounded by `Limits.max_depth` and time by the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from argmap.interchange import jsonio
from argmap.interchange.argdown_scan import MARK, Scanned, scan
from argmap.interchange.base import InterchangeError, Limits
from argmap.interchange.yamlish import parse_block

_RELATION = re.compile(r"^([ \t]*)(<\+|<-|<_|\+>|->|_>|><|\+|-|_(?=\s|$))")
_PCS = re.compile(r"^[ \t]*\((\d+)\)[ \t]*")
_INFERENCE = re.compile(r"^[ \t]*--")
# Inside an inference, `.x.` and `:x:` are Argdown's special characters (`p .->. q` is no end).
_INFERENCE_PART = re.compile(r"\\.|\.[^\s]+?\.|:[^\s]+?:|-{2,}")
_HEADING = re.compile(r"^(#+)[ \t]+(.*)$")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:\d+\.|\*)(?=\s)")
_STATEMENT = re.compile(r"^\[([^\]\n]+)\](:?)(?!\()")
_ARGUMENT = re.compile(r"^<([^>\n]+)>(:?)")
_TAG = re.compile(r"(?<!\\)#(\([^)\n]+\)|[A-Za-z0-9\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+)")
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
    top: bool = False  # a top-level element (not a relation's end, not in a structure)


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
    rules: str = ""  # the inference rules as written ("Modus Ponens"), "" for none
    data: dict[str, Any] = field(default_factory=dict)


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
    url_comments: list[int] = field(default_factory=list)  # see argdown_scan.Scanned


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


def _plain(raw: str, scanned: Scanned, *, strip_tags: tuple[str, ...] = ()) -> tuple[
    str, list[str], dict[str, Any]
]:  # fmt: skip
    """(text, tags, data) of raw element text: data taken out, tags found (those in
    `strip_tags` taken out too), escapes resolved, links put back as written."""
    data: dict[str, Any] = {}
    for kind, number in MARK.findall(raw):
        if kind == "d":
            data.update(scanned.data[int(number)])
    raw = MARK.sub(lambda m: " " if m.group(1) == "d" else m.group(), raw)
    tags = [t[1:-1] if t.startswith("(") else t for t in _TAG.findall(raw)]
    if strip_tags:
        raw = _TAG.sub(lambda m: " " if m.group(1) in strip_tags else m.group(), raw)
    text = " ".join(_UNESCAPE.sub(r"\1", raw).split())
    text = MARK.sub(lambda m: scanned.links[int(m.group(2))], text)
    return text, tags, data


def _content(element: Element, scanned: Scanned, strip_tags: tuple[str, ...]) -> None:
    """Fill title, text, data and tags from the element's raw lines."""
    raw = "\n".join(element.raw).strip()
    head = (_ARGUMENT if raw.startswith("<") else _STATEMENT).match(raw)
    if head is not None and "\x00" not in head.group(1):
        element.is_argument = raw.startswith("<")
        element.title = " ".join(_UNESCAPE.sub(r"\1", head.group(1)).split())
        element.defines = head.group(2) == ":"
        raw = raw[head.end() :]
    else:
        element.defines = True  # an anonymous statement defines itself
    element.text, element.tags, element.data = _plain(raw, scanned, strip_tags=strip_tags)


def parse(text: str, limits: Limits, *, strip_tags: tuple[str, ...] = ()) -> Document:
    """The document model of `text`; InterchangeError names the line of anything unreadable.
    Tags named in `strip_tags` are taken out of the texts (others stay, as in Argdown)."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InterchangeError("the text contains a NUL character", line=line)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    doc = Document()
    all_lines = text.split("\n")
    body_start = _front_matter(all_lines, doc, limits)
    scanned = scan("\n".join(all_lines[body_start:]), body_start, limits)
    doc.url_comments = scanned.url_comments
    _Blocks(doc, limits, scanned).read()
    for element in doc.elements:
        _content(element, scanned, strip_tags)
    return doc


class _Blocks:
    """Groups lines into top-level blocks and each block into elements and relations."""

    def __init__(self, doc: Document, limits: Limits, scanned: Scanned) -> None:
        self.doc, self.limits, self.scanned = doc, limits, scanned
        self.previous_argument: Element | None = None  # the block before was this argument

    def read(self) -> None:
        block: list[tuple[int, str]] = []
        for number, text in self.scanned.lines:
            if text.strip():
                block.append((number, text))
            elif block:
                self.block(block)
                block = []
        if block:
            self.block(block)

    def new(self, number: int, text: str, *, top: bool = False) -> Element:
        element = Element(line=number, raw=[text], top=top)
        self.doc.elements.append(element)
        return element

    def block(self, block: list[tuple[int, str]]) -> None:
        number, first = block[0]
        argument, self.previous_argument = self.previous_argument, None
        if _HEADING.match(first):
            joined = " ".join(text for _, text in block).strip().lstrip("#")
            self.doc.headings.append((number, _plain(joined, self.scanned)[0]))
        elif _PCS.match(first):
            self.pcs(block, argument)
        else:
            self.tree(block)

    def fail_unplaced(self, line: int) -> InterchangeError:
        return InterchangeError(
            "a relation (+, -, _, <+, +>, …) needs a statement or argument above it that it is "
            "indented under, with no empty line in between",
            line=line,
        )

    def tree(self, block: list[tuple[int, str]]) -> None:
        """A statement, an argument or a list, with the relations under them."""
        levels: list[int] = [0]  # Argdown's indentation levels,
        owners: list[Element | Inference | None] = [None]  # and the element each belongs to
        last: Element | None = None
        root: Element | None = None
        for index, (number, text) in enumerate(block):
            relation = _RELATION.match(text)
            item = None if relation else _LIST_ITEM.match(text)
            if relation and last is not None:
                last = self.relation(levels, owners, last, number, text, relation)
            elif relation:
                raise self.fail_unplaced(number)
            elif item:
                # A list item counts one column more than its indentation, as in Argdown.
                self.level(levels, owners, len(item.group(1)) + 1, None, number)
                last = self.new(number, text[item.end() :].strip(), top=True)
            elif index == 0:
                last = root = self.new(number, text.strip(), top=True)
            elif _PCS.match(text) and root is not None and self._is_argument(root):
                self.pcs(block[index:], root)
                return
            elif last is not None:
                last.raw.append(text.strip())
        if root is not None and self._is_argument(root):
            self.previous_argument = root

    def level(
        self,
        levels: list[int],
        owners: list[Element | Inference | None],
        indent: int,
        owner: Element | Inference | None,
        line: int,
    ) -> Element | Inference | None:
        """Open or close indentation levels for a line at `indent`; the owner of its level."""
        if indent > levels[-1]:
            if len(levels) > self.limits.max_depth:
                raise InterchangeError(
                    f"relations nest more than {self.limits.max_depth} levels deep", line=line
                )
            levels.append(indent)
            owners.append(owner)
        else:
            while len(levels) > 1 and indent < levels[-1]:
                levels.pop()
                owners.pop()
        return owners[-1]

    def relation(
        self,
        levels: list[int],
        owners: list[Element | Inference | None],
        last: Element | Inference,
        number: int,
        text: str,
        match: re.Match[str],
    ) -> Element:
        parent = self.level(levels, owners, len(match.group(1)), last, number)
        if parent is None:
            raise self.fail_unplaced(number)
        child = self.new(number, text[match.end() :].strip())
        kind, child_is_source = RELATIONS[match.group(2)]
        source, target = (child, parent) if child_is_source else (parent, child)
        self.doc.relations.append(Relation(source, target, kind, number))
        return child

    @staticmethod
    def _is_argument(item: Element | None) -> bool:
        return item is not None and "".join(item.raw).lstrip().startswith("<")

    def pcs(self, block: list[tuple[int, str]], argument: Element | None) -> None:
        structure = Pcs(line=block[0][0], argument=argument)
        self.doc.structures.append(structure)
        levels: list[int] = [0]
        owners: list[Element | Inference | None] = [None]
        last: Element | Inference | None = None
        index = 0
        while index < len(block):
            number, text = block[index]
            index += 1
            numbered, relation = _PCS.match(text), _RELATION.match(text)
            if _INFERENCE.match(text):
                index = self.inference(structure, block, index - 1)
                last = structure.items[-1]
                levels[1:], owners[1:] = [], []
            elif numbered:
                last = self.new(number, text[numbered.end() :].strip())
                structure.items.append(last)
                levels[1:], owners[1:] = [], []
            elif relation and last is not None:
                last = self.relation(levels, owners, last, number, text, relation)
            elif isinstance(last, Element):
                last.raw.append(text.strip())
            else:
                raise InterchangeError("expected a numbered statement such as (1)", line=number)

    def inference(self, structure: Pcs, block: list[tuple[int, str]], index: int) -> int:
        """Read the inference starting at block[index] (`--`, its rules and data, `--`); the
        index of the line after it."""
        number = block[index][0]
        body = block[index][1].lstrip(" \t")[2:]
        parts: list[str] = []
        while True:
            end = next((m for m in _INFERENCE_PART.finditer(body) if m.group()[0] == "-"), None)
            if end is not None:
                parts.append(body[: end.start()])
                if body[end.end() :].strip():
                    raise InterchangeError(
                        "an inference ends with '--' at the end of its line", line=block[index][0]
                    )
                break
            parts.append(body)
            index += 1
            if index >= len(block):
                raise InterchangeError("an inference '--' is never closed by another '--'",
                                       line=number)  # fmt: skip
            body = block[index][1]
        rules, _tags, data = _plain("\n".join(parts), self.scanned)
        step = sum(isinstance(i, Inference) for i in structure.items)
        structure.items.append(Inference(number, structure, step, rules, data))
        return index + 1
