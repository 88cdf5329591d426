"""The time axis: days to positions, squeezed empty decades, and ticks a reader can use."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.debates.timescale import WIDTH, Scale


def test_a_plain_axis_is_linear_from_the_first_day_to_the_day_after_the_last() -> None:
    august = Scale(date(1945, 8, 1), date(1945, 8, 31))
    assert august.x(date(1945, 8, 1)) == 0
    assert august.x(date(1945, 8, 16)) == pytest.approx(WIDTH * 15 / 31)
    assert august.span(date(1945, 8, 1), date(1945, 8, 31)) == (0, WIDTH)
    assert august.breaks == []


def test_days_outside_the_axis_are_clamped_to_its_ends() -> None:
    august = Scale(date(1945, 8, 1), date(1945, 8, 31))
    assert august.x(date(1945, 7, 1)) == 0 and august.x(date(1966, 4, 6)) == WIDTH


def test_a_long_empty_stretch_is_squeezed_into_a_break() -> None:
    covered = [
        (date(1943, 11, 28), date(1943, 12, 1)),
        (date(1945, 1, 1), date(1946, 12, 31)),
        (date(1947, 2, 1), date(1947, 2, 28)),
        (date(1966, 4, 6), date(1966, 4, 6)),
    ]
    scale = Scale(date(1943, 11, 1), date(1966, 4, 30), covered)
    [(x0, x1, first, last)] = scale.breaks
    assert (first, last) == (date(1947, 3, 1), date(1966, 3, 31))
    # 1943-1947 gets most of the axis instead of a seventh of it.
    assert scale.x(date(1947, 2, 28)) < x0 and x0 > 0.8 * WIDTH
    assert x0 <= scale.x(date(1955, 1, 1)) <= x1 < scale.x(date(1966, 4, 6))
    # The thirteen quiet months of 1944 are kept: they are short beside the window.
    assert scale.x(date(1944, 6, 1)) > scale.x(date(1944, 1, 1))


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2000, 1, 1)),
    st.integers(min_value=0, max_value=20000),
    st.lists(st.tuples(st.integers(0, 20000), st.integers(0, 400)), max_size=8),
)
def test_positions_never_go_backwards(
    start: date, length: int, items: list[tuple[int, int]]
) -> None:
    from datetime import timedelta

    end = start + timedelta(days=length)
    covered = [
        (start + timedelta(days=a), start + timedelta(days=min(length, a + b)))
        for a, b in items
        if a <= length
    ]
    scale = Scale(start, end, covered)
    days = [start + timedelta(days=d) for d in range(0, length + 1, max(1, length // 50))]
    xs = [scale.x(d) for d in days]
    assert xs == sorted(xs) and xs[0] >= 0 and xs[-1] <= WIDTH
    assert all(tick.x <= WIDTH for tick in scale.ticks())


def test_ticks_are_days_for_a_month_months_for_a_year_and_years_for_decades() -> None:
    august = [t.label for t in Scale(date(1945, 8, 1), date(1945, 8, 31)).ticks() if t.label]
    assert august[:3] == ["1 Aug", "3 Aug", "5 Aug"]
    year = [t.label for t in Scale(date(1945, 1, 1), date(1945, 12, 31)).ticks() if t.label]
    assert year[0] == "Jan 1945" and "Aug" in year
    decades = [t.label for t in Scale(date(1900, 1, 1), date(1999, 12, 31)).ticks() if t.label]
    assert decades[0] == "1900" and all(label.isdigit() for label in decades)
