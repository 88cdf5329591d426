"""What an Argdown reader counts in a map that argmap read from Argdown: the documented mapping
between argmap's graph and `@argdown/cli`'s model, used to compare the two on the same file.

- **statements**: argmap's statements, less the arguments given only by their gist
  (`GraphNode.is_argument`); every Argdown statement (titled, anonymous, in a relation or in a
  premise–conclusion structure) is one of argmap's statements.
- **arguments**: those gists, plus one per reconstructed argument (the distinct
  `GraphLink.argument` titles of the inference steps); **reconstructed**: the latter alone.
- **relations**, by Argdown's type: a supports link that is not an inference step is a support
  (strict mode calls one between statements "entails"); an opposes link is an attack (strict
  mode: "contrary"), and a contradiction `><` is two of them, so Argdown's attacks plus contraries
  plus twice its contradictions equal argmap's opposes links; an undercut link is an undercut.
  Argdown moves a reconstructed argument's relations to its conclusion, as argmap does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from argmap.graph import Graph


@dataclass(frozen=True, slots=True)
class Census:
    statements: int
    arguments: int
    reconstructed: int
    relations: dict[str, int] = field(default_factory=dict)  # support, attack, undercut

    def as_dict(self) -> dict[str, object]:
        return {
            "statements": self.statements,
            "arguments": self.arguments,
            "reconstructed": self.reconstructed,
            "relations": dict(sorted(self.relations.items())),
        }


def census(graph: Graph) -> Census:
    gists = sum(1 for n in graph.nodes.values() if n.is_argument)
    reconstructed = len({ln.argument for ln in graph.links.values() if ln.argument})
    kinds = Counter(ln.kind for ln in graph.links.values() if not ln.argument)
    relations = {
        "support": kinds["supports"],
        "attack": kinds["opposes"],
        "undercut": kinds["undercuts"],
    }
    return Census(
        statements=len(graph.nodes) - gists,
        arguments=gists + reconstructed,
        reconstructed=reconstructed,
        relations={k: v for k, v in relations.items() if v},
    )


def cli_census(model: dict[str, Any]) -> Census:
    """The same counts from `argdown json`'s output (a dict), with Argdown's relation types
    folded as the mapping above says."""
    statements = model.get("statements") or {}
    arguments = model.get("arguments") or {}
    assert isinstance(statements, dict) and isinstance(arguments, dict)
    types: Counter[str] = Counter()
    for relation in model.get("relations") or []:
        types[relation["relationType"]] += 1
    relations = {
        "support": types["support"] + types["entails"],
        "attack": types["attack"] + types["contrary"] + 2 * types["contradictory"],
        "undercut": types["undercut"],
    }
    return Census(
        statements=len(statements),
        arguments=len(arguments),
        reconstructed=sum(1 for a in arguments.values() if a.get("pcs")),
        relations={k: v for k, v in relations.items() if v},
    )
