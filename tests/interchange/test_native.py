"""argmap JSON: lossless, versioned, strict about what it reads."""

from __future__ import annotations

import json

import pytest

from argmap.interchange import InterchangeError, native
from tests.interchange.helpers import canon
from tests.interchange.test_aif import sample


def test_native_write_then_read_gives_the_same_graph_and_the_same_file() -> None:
    graph = sample()
    first = native.write(graph)
    back = native.read(first.text).graph
    assert canon(back) == canon(graph) and first.lost == []
    assert native.write(back).text == first.text


def test_native_file_has_a_schema_version_and_every_field() -> None:
    document = json.loads(native.write(sample()).text)
    assert (document["format"], document["schema_version"]) == ("argmap", 1)
    assert set(document["nodes"][0]) >= {"id", "kind", "text", "date", "base_score", "key"}


def test_native_refuses_an_unknown_schema_version_clearly() -> None:
    document = json.loads(native.write(sample()).text)
    document["schema_version"] = 2
    with pytest.raises(InterchangeError, match="schema_version 2 is not one this argmap reads"):
        native.read(json.dumps(document))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d["nodes"][1].update(colour="red"), "node 'n2': unknown field 'colour'"),
        (lambda d: d["nodes"][1].update(date="6 Aug"), "node 'n2': '6 Aug' is not a date"),
        (lambda d: d["nodes"][0].update(base_score="high"), "node 'n1': field 'base_score'"),
        (lambda d: d["links"][0].update(target="n99"), "link 'l1': target statement 'n99'"),
        (lambda d: d["nodes"][1].pop("text"), "node 'n2': missing field 'text'"),
        (lambda d: d["nodes"].append(d["nodes"][0]), "node 'n1': this id is used twice"),
        (lambda d: d["scholars"][0].update(key="not a slug"), "scholar 'p1': key"),
    ],
)
def test_native_errors_name_the_node(change: object, says: str) -> None:
    document = json.loads(native.write(sample()).text)
    change(document)  # type: ignore[operator]
    with pytest.raises(InterchangeError) as caught:
        native.read(json.dumps(document))
    assert says in str(caught.value)


def test_native_refuses_nan_and_files_that_are_not_argmap() -> None:
    with pytest.raises(InterchangeError, match="not a number JSON allows"):
        native.read('{"format": "argmap", "schema_version": 1, "x": NaN}')
    with pytest.raises(InterchangeError, match="not an argmap file"):
        native.read('{"nodes": []}')
