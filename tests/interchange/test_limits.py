"""Size limits: bytes, statements, nesting, and pathological JSON, with a clear message."""

from __future__ import annotations

import json

import pytest

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.interchange import DEFAULT_LIMITS, InterchangeError, Limits, aif, argdown, kialo, native

READERS = [argdown.read, aif.read, kialo.read, native.read]


@pytest.mark.parametrize("read", READERS)
def test_every_reader_refuses_text_over_the_byte_limit(read: object) -> None:
    with pytest.raises(InterchangeError, match="larger than 1,000 bytes"):
        read("x" * 1001, limits=Limits(max_bytes=1000))  # type: ignore[operator]


def chain(count: int) -> Graph:
    graph = Graph()
    for i in range(count):
        graph.add_node(GraphNode(id=f"n{i}", kind="claim", text=f"Statement {i}"))
    return graph


@pytest.mark.parametrize("module", [argdown, native, aif])
def test_every_reader_refuses_more_statements_than_the_limit(module: object) -> None:
    text = module.write(chain(4)).text  # type: ignore[attr-defined]
    with pytest.raises(InterchangeError, match="4 statements is more than the 3"):
        module.read(text, limits=Limits(max_statements=3))  # type: ignore[attr-defined]


def test_kialo_refuses_more_statements_and_deeper_nesting_than_the_limit() -> None:
    with pytest.raises(InterchangeError, match="statements is more than the 3"):
        kialo.read("1. T\n1.1. Pro: a\n1.2. Pro: b\n1.3. Pro: c\n", limits=Limits(max_statements=3))
    deep = "1. T\n1.1. Pro: a\n1.1.1. Pro: b\n1.1.1.1. Pro: c\n"
    with pytest.raises(InterchangeError, match="line 4: claims nest more than 3 levels"):
        kialo.read(deep, limits=Limits(max_depth=3))


def test_argdown_refuses_relations_nested_deeper_than_the_limit() -> None:
    text = "[a]: a\n" + "".join(f"{'  ' * (i + 1)}+ [s{i}]: s\n" for i in range(6))
    with pytest.raises(InterchangeError, match="line 6: relations nest more than 4 levels"):
        argdown.read(text, limits=Limits(max_depth=4))


@pytest.mark.parametrize("read", [aif.read, native.read])
def test_json_readers_survive_pathological_nesting(read: object) -> None:
    for text in ("[" * 200_000, '{"a":' * 100_000, "[" * 50 + "]" * 50):
        with pytest.raises(InterchangeError, match="nest"):
            read(text)  # type: ignore[operator]


def test_argdown_data_survives_pathological_nesting() -> None:
    for data in ('{"a": ' + "[" * 100_000, "{a: " + "[" * 100_000):
        with pytest.raises(InterchangeError, match="line 1: data nests"):
            argdown.read("[S]: text " + data)


def test_undercuts_of_undercuts_deeper_than_the_limit_are_refused() -> None:
    graph = chain(3)
    graph.add_link(GraphLink(id="l0", kind="supports", source="n0", target="n1"))
    for i in range(1, 50):
        graph.add_link(
            GraphLink(id=f"l{i}", kind="undercuts", source="n2", target_link=f"l{i - 1}")
        )
    with pytest.raises(InterchangeError, match="nest more than 40 deep"):
        native.read(native.write(graph).text)


def test_the_default_limits_hold_the_ten_thousand_statement_benchmark() -> None:
    assert DEFAULT_LIMITS.max_statements >= 10_000
    text = native.write(chain(10_000)).text
    assert len(native.read(text).graph.nodes) == 10_000
    assert len(json.loads(text)["nodes"]) == 10_000
