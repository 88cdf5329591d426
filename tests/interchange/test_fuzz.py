"""Property tests: thousands of generated and mutated files per format.

Whatever the input, a reader returns a graph the app can store or raises InterchangeError, never
anything else; and what it returns survives a write and a read in argmap's formats unchanged.
Each test counts its examples and requires at least 1,000 (Hypothesis is derandomised so that CI
runs the same inputs every time).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.interchange import DEFAULT_LIMITS, InterchangeError, aif, argdown, kialo, native
from argmap.interchange.base import ReadResult
from argmap.interchange.checks import check_graph
from tests.interchange.helpers import TRICKY, canon, graphs
from tests.interchange.test_aif import AIFDB, sample
from tests.interchange.test_kialo import SAMPLE as KIALO

EXAMPLES = 1000
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ARGDOWN_SEED = """===
title: Surrender
===

# Theses

[Bomb]: The bombs ended the war. #thesis {kind: thesis, scholar: Frank}
    + [Rescript]: The rescript cites the bomb. {kind: evidence, date: 1945-08-15}
        - <Pretext>: A face-saving pretext.
            _ <Army>: The army rescript.
    - [Soviet]: The Soviet entry. // comment
    >< [Neither]: Neither.

<Decisive>: The bombs were decisive.

(1) [Rescript]
(2) Two cities were destroyed.
----
(3) [Bomb]
"""


def must_hold(result: ReadResult, module: Any) -> None:
    """The graph is storable, and the format it came from (or, for Kialo, Argdown) and the
    native format carry it unchanged (AIF: what AIF expresses)."""
    graph = result.graph
    assert check_graph(graph, DEFAULT_LIMITS) is graph
    check_graph(graph, DEFAULT_LIMITS)
    assert canon(native.read(native.write(graph).text).graph) == canon(graph)
    if module is aif:
        back = aif.read(aif.write(graph).text).graph
        assert canon(back, aif.UNSUPPORTED) == canon(graph, aif.UNSUPPORTED)
    elif module is not native:
        assert canon(argdown.read(argdown.write(graph).text).graph) == canon(graph)


def run(strategy: st.SearchStrategy[str], module: Any) -> None:
    seen: list[int] = []
    outcomes = {"read": 0, "refused": 0}

    @FUZZ
    @given(strategy)
    def check(text: str) -> None:
        seen.append(1)
        try:
            result = module.read(text)
        except InterchangeError as exc:
            assert str(exc)
            outcomes["refused"] += 1
            return
        outcomes["read"] += 1
        must_hold(result, module)

    check()
    assert len(seen) >= EXAMPLES, len(seen)
    assert outcomes["read"] and outcomes["refused"], outcomes  # both paths were exercised


@st.composite
def mutated_text(draw: st.DrawFn, seeds: list[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 40)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "lines", "indent"]))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "insert":
            piece = draw(st.text(alphabet=TRICKY + "0123456789{}[]()\"':,-+_<>=#", max_size=8))
            text = text[:start] + piece + text[start:]
        elif operation == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif operation == "lines":
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            text = text[:start] + draw(st.sampled_from(["  ", "\t", "\n", "\n\n"])) + text[start:]
    return text


JSON_VALUES = st.sampled_from(
    [None, "", "x", " ", "1", 0, -1, 7, 1.5, True, [], {}, ["1"], {"a": 1}, 10**30, "RA", "I",
     "CA", "L", "YA", "thesis", "1945-13-01", "\x00"]
)  # fmt: skip


@st.composite
def mutated_json(draw: st.DrawFn, seeds: list[Any]) -> str:
    document = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 3))):
        node: Any = document
        path = []
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "copy"]))
        if action == "replace":
            # A copy: the lists and objects among JSON_VALUES must not be mutated in place by a
            # later step, or one test case would change the next one's data.
            parent[key] = copy.deepcopy(draw(JSON_VALUES))
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return json.dumps(document)


def writes(module: Any) -> st.SearchStrategy[str]:
    return graphs(max_nodes=5).map(lambda graph: module.write(graph).text)


def test_argdown_reader_never_fails_with_anything_but_interchange_error() -> None:
    seeds = [ARGDOWN_SEED, argdown.write(sample()).text]
    noise = st.text(alphabet=TRICKY + "()0123456789-+_<>=#\n ", max_size=120)
    run(st.one_of(mutated_text(seeds), writes(argdown), noise), argdown)


def test_aif_reader_never_fails_with_anything_but_interchange_error() -> None:
    seeds = [AIFDB, json.loads(aif.write(sample()).text), json.loads(aif.write_ova(sample()).text)]
    texts = [json.dumps(s) for s in seeds]
    strategy = st.one_of(mutated_json(seeds), mutated_json(seeds), mutated_text(texts), writes(aif))
    run(strategy, aif)


def test_native_reader_never_fails_with_anything_but_interchange_error() -> None:
    seeds = [json.loads(native.write(sample()).text)]
    texts = [native.write(sample()).text]
    strategy = st.one_of(
        mutated_json(seeds), mutated_json(seeds), mutated_text(texts), writes(native)
    )
    run(strategy, native)


@st.composite
def kialo_texts(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(["Discussion Title: Why?", ""]))]
    numbers = ["1."]
    lines.append("1. " + draw(st.text(alphabet=TRICKY, min_size=1, max_size=20)))
    for _ in range(draw(st.integers(0, 8))):
        parent = draw(st.sampled_from(numbers))
        number = f"{parent}{draw(st.integers(1, 3))}."
        numbers.append(number)
        label = draw(st.sampled_from(["Pro", "Con", "Thesis", "pro", "Maybe"]))
        body = draw(st.one_of(st.text(alphabet=TRICKY, max_size=20),
                              st.sampled_from(numbers).map(lambda n: f"-> See {n}")))  # fmt: skip
        lines.append(f"{number} {label}: {body}")
    return "\n".join(lines)


def test_kialo_reader_never_fails_with_anything_but_interchange_error() -> None:
    run(st.one_of(mutated_text([KIALO]), kialo_texts(), kialo_texts()), kialo)
