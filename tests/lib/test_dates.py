"""Historical dates keep their precision and refuse what is not a date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.lib.dates import DateError, describe, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("1945", date(1945, 1, 1), date(1945, 12, 31), "year"),
        ("1945-02", date(1945, 2, 1), date(1945, 2, 28), "month"),
        ("1945-08-06", date(1945, 8, 6), date(1945, 8, 6), "day"),
        ("1945-08-06T08:15+09:00", date(1945, 8, 6), date(1945, 8, 6), "time"),
        ("1945-08-09T00:01", date(1945, 8, 9), date(1945, 8, 9), "time"),
        ("1945-08-09/1945-08-10", date(1945, 8, 9), date(1945, 8, 10), "range"),
        ("1945-08-08/1946", date(1945, 8, 8), date(1946, 12, 31), "range"),
        ("1945-03/1945-04", date(1945, 3, 1), date(1945, 4, 30), "range"),
    ],
)
def test_parse_date_keeps_precision(text: str, start: date, end: date, precision: str) -> None:
    parsed = parse_date(text)
    assert (parsed.start, parsed.end, parsed.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("August 1945", "is not a date"),
        ("1945-13", "month"),
        ("1945-02-29", "does not exist"),
        ("1945-08-10/1945-08-09", "ends before"),
        ("1945/1946/1947", "exactly one"),
        ("1945-08-06T25:00", "time"),
    ],
)
def test_parse_date_refuses_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(text)


def test_describe_reads_like_a_historian_writes() -> None:
    assert describe("1945-08-09/1945-08-10") == "9–10 August 1945"
    assert describe("1945-06") == "June 1945"
    assert describe("1945-08-06T08:15+09:00") == "6 August 1945, 08:15 UTC+9"
    assert describe("1945-08-06T11:00-04:00") == "6 August 1945, 11:00 UTC-4"
    assert describe("1945-08-06T08:15") == "6 August 1945, 08:15 (clock not given)"
    assert describe("1945-07-17/1945-08") == "17 July 1945 – August 1945"


@given(st.dates(min_value=date(1, 1, 1)), st.dates(min_value=date(1, 1, 1)))
def test_parse_date_round_trips_any_day_range(a: date, b: date) -> None:
    first, last = sorted((a, b))
    parsed = parse_date(f"{first.isoformat()}/{last.isoformat()}")
    assert (parsed.start, parsed.end) == (first, last)
    assert parsed.start <= parsed.end


@given(st.text(max_size=40))
def test_parse_date_either_parses_or_raises_date_error(text: str) -> None:
    try:
        parsed = parse_date(text)
    except DateError:
        return
    assert parsed.start <= parsed.end


def test_a_time_with_its_offset_is_an_instant_so_clocks_compare() -> None:
    # The Soviet attack (00:01 Trans-Baikal time, UTC+9, 9 August) came after the declaration
    # (17:00 Moscow, UTC+3, 8 August), though both read as "evening"/"night" on their clocks.
    attack = parse_date("1945-08-09T00:01+09:00").instant
    declaration = parse_date("1945-08-08T17:00+03:00").instant
    assert attack is not None and declaration is not None
    assert declaration < attack
    assert attack.isoformat() == "1945-08-08T15:01:00+00:00"
    # A range starts at the instant of its first end; days and months have none.
    assert parse_date("1945-08-09T23:50+09:00/1945-08-10T02:30+09:00").instant == datetime(
        1945, 8, 9, 14, 50, tzinfo=UTC
    )
    assert parse_date("1945-08-09").instant is None
    assert parse_date("1945-08-06T08:15").instant is None
