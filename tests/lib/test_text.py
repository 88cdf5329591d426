"""Shortening a statement for a sentence never leaves half a word for the reader to misread."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from argmap.lib.text import shorten

CLAIM = "Counterfactually, Soviet entry without the bombs would probably have ended the war"


def test_a_long_statement_is_cut_after_a_whole_word() -> None:
    assert shorten(CLAIM, 60) == "Counterfactually, Soviet entry without the bombs would…"
    assert shorten("The bomb, not Soviet entry, was decisive", 20) == "The bomb, not…"


def test_a_short_statement_is_left_whole_on_one_line() -> None:
    assert shorten("Hiroshima,\n  6 August", 60) == "Hiroshima, 6 August"


def test_a_single_overlong_word_is_cut_inside_it() -> None:
    assert shorten("Supercalifragilistic", 10) == "Supercali…"


@given(st.text(alphabet="ab ,.", max_size=200), st.integers(min_value=4, max_value=120))
def test_the_result_fits_and_is_a_prefix_of_the_words(text: str, limit: int) -> None:
    short = shorten(text, limit)
    whole = " ".join(text.split())
    assert len(short) <= limit
    if short.endswith("…") and len(whole) > limit:
        assert whole.startswith(short[:-1])
    else:
        assert short == whole
