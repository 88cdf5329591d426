"""JSON in and out with limits: bytes, nesting depth, and no NaN or Infinity.

Python's `json` parses nesting recursively; deep input raises `RecursionError` (caught here) and
anything under the interpreter's limit is then measured without recursion against
`Limits.max_json_depth`.
"""

from __future__ import annotations

import json
from typing import Any

from argmap.interchange.base import InterchangeError, Limits, check_size


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


_DECODER = json.JSONDecoder(parse_constant=_no_constants)


def nesting_depth(value: object) -> int:
    """How deeply arrays and objects nest in `value` (a scalar is 0), without recursion."""
    if isinstance(value, dict) and not any(isinstance(v, (dict, list)) for v in value.values()):
        return 1  # the common case: flat data
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in children)
    return deepest


def check_depth(value: object, limits: Limits, *, line: int | None = None) -> None:
    if nesting_depth(value) > limits.max_json_depth:
        raise InterchangeError(
            f"arrays and objects nest more than {limits.max_json_depth} levels deep", line=line
        )


def _error_line(exc: json.JSONDecodeError) -> str:
    return f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"


def load(text: str, limits: Limits) -> Any:
    """Parse a whole JSON document; InterchangeError on anything wrong with it."""
    check_size(text, limits)
    try:
        value = _DECODER.decode(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InterchangeError(_error_line(exc)) from None
    except RecursionError:
        raise InterchangeError(
            f"arrays and objects nest more than {limits.max_json_depth} levels deep"
        ) from None
    except ValueError as exc:  # NaN / Infinity, or an integer with too many digits
        raise InterchangeError(f"not valid JSON: {exc}") from None
    check_depth(value, limits)
    return value


def load_at(text: str, start: int, limits: Limits, *, line: int) -> tuple[Any, int] | None:
    """The JSON value starting at `start` and where it ends, or None when it is not JSON (the
    caller then tries another syntax). Depth is checked for what was read."""
    try:
        value, end = _DECODER.raw_decode(text, start)
    except RecursionError:
        raise InterchangeError(
            f"data nests more than {limits.max_json_depth} levels deep", line=line
        ) from None
    except ValueError:
        return None
    check_depth(value, limits, line=line)
    return value, end


def dump(value: object) -> str:
    """Stable, readable output: key order as given, non-ASCII kept, two-space indent."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
