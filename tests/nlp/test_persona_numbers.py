"""Spoken counts and the team/company sizes read from them (pure, no spaCy)."""

from __future__ import annotations

import pytest

from nlp.persona_numbers import find_numbers, parse_number
from nlp.persona_sizes import find_sizes


@pytest.mark.parametrize(("text", "expected"), [
    ("a hundred and ten", 110),
    ("six hundred and fifty", 650),
    ("two and a half thousand", 2500),
    ("twelve hundred", 1200),
    ("1.2k", 1200),
    ("about forty", 40),
    ("a couple hundred", 200),
    ("a couple of hundred", 200),
    ("fifteen-ish", 15),
    ("two-ten", 210),
    ("six fifty", 650),
    ("twenty-odd", 20),
    ("half a dozen", 6),
    ("one hundred twenty", 120),
    ("a thousand and fifty", 1050),
    ("three thousand five hundred", 3500),
    ("1,800", 1800),
])
def test_spoken_counts_keep_their_hundreds_and_halves(text: str, expected: int) -> None:
    assert parse_number(text) == expected


def test_a_range_said_with_a_comma_is_two_numbers_not_one() -> None:
    assert [n.value for n in find_numbers("ten, fifteen people")] == [10, 15]
    assert [n.value for n in find_numbers("40, maybe 50")] == [40, 50]


def test_number_offsets_cover_the_words_said() -> None:
    text = "We're about six hundred and fifty people."
    [n] = find_numbers(text)
    assert text[n.start:n.end] == "six hundred and fifty"


def sizes(text: str, earlier: str = "") -> set[tuple[str, int]]:
    return {(s.kind, s.number) for s in find_sizes(text, earlier)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Yeah so my team is twelve people, and that's with the two we added in spring.",
     {("team_size", 12)}),
    ("We're about six hundred and fifty across the company, so not tiny.",
     {("company_size", 650)}),
    ("Company-wide it's roughly two and a half thousand employees now.",
     {("company_size", 2500)}),
    ("I've got a hundred and ten people reporting to me across three shifts.",
     {("team_size", 110)}),
    ("Headcount is about twelve hundred, give or take.", {("company_size", 1200)}),
    ("Finance is six people, including me.", {("team_size", 6)}),
    ("There are four of us in accounts payable.", {("team_size", 4)}),
    ("We're a team of eight analysts in a forty-ish person business.",
     {("team_size", 8), ("company_size", 40)}),
    ("Our org is about 900 people, my group is seven.",
     {("company_size", 900), ("team_size", 7)}),
    ("So Northwind is about 650 people, 55 engineers, all on GCP.",
     {("company_size", 650), ("team_size", 55)}),
])
def test_team_and_company_sizes_are_kept_apart(text: str, expected: set[tuple[str, int]]) -> None:
    assert sizes(text) == expected


@pytest.mark.parametrize("text", [
    "It takes five people three days to close the month.",
    "We're at about seventeen percent of revenue on cloud.",
    "We run fifteen-ish stores up and down the coast.",
    "We hired ten engineers last quarter.",
    "It costs us forty grand a month.",
    "We'd want this live in 2027.",
    "We have two ERPs, which is its own story.",
])
def test_counts_that_are_not_headcounts(text: str) -> None:
    assert sizes(text) == set()


def test_a_bare_we_are_count_needs_a_question_about_size_before_it() -> None:
    assert sizes("We're at about seventeen.") == set()
    assert sizes("We're at about six fifty.", earlier="How big is the company these days?") == {
        ("company_size", 650)}
    assert sizes("We're four.", earlier="And how big is your team?") == {("team_size", 4)}
