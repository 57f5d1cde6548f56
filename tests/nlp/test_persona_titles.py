"""Titles people give themselves in speech, and the tools and industries read from what they say
(pure, no spaCy)."""

from __future__ import annotations

import pytest

from nlp.persona_industry import industry_mentions, name_industries
from nlp.persona_lexicons import classify_title
from nlp.persona_titles import spoken_titles
from nlp.persona_tools import unlisted_tools


@pytest.mark.parametrize(("text", "speaker", "title"), [
    ("So I'm head of knowledge management, which here means precedents and the intranet.",
     "Eleanor Price", "Head of Knowledge Management"),
    ("I'm Rob, accounts payable supervisor, so the invoices are mine.", "Rob Hale",
     "Accounts Payable Supervisor"),
    ("Maria Costa, operations director, and I sign the renewal.", "Maria Costa",
     "Operations Director"),
    ("Anyway, I'm the ops director, so the depots roll up to me.", "Sam Lee", "Ops Director"),
    ("I'm the director of field services here at Greywell, so the crews report to me.",
     "Sam Lee", "Director of Field Services"),
    ("I run finance here.", "Sam Lee", "Head of Finance"),
    ("I head up IT for the group.", "Sam Lee", "Head of IT"),
])
def test_titles_said_about_yourself(text: str, speaker: str, title: str) -> None:
    assert [t.title for t in spoken_titles(text, speaker)] == [title]


@pytest.mark.parametrize("text", [
    "I'm the one who signs the renewal.",
    "I'm not sure about that.",
    "I'm in the car park at the property.",
    "I run the show here, honestly.",
    "I look after most of the modelling these days.",
    "I'm a big fan of that.",
])
def test_sentences_that_are_not_titles(text: str) -> None:
    assert spoken_titles(text, "Sam Lee") == []


def test_a_title_said_in_speech_gives_its_seniority() -> None:
    assert classify_title("Head of Learning and Development")[0] == "head"
    assert classify_title("Client Services Manager")[0] == "manager"
    assert classify_title("Financial Controller")[0] == "manager"
    assert classify_title("User Acquisition Lead")[0] == "lead"


@pytest.mark.parametrize(("text", "tool"), [
    ("We use Skillcast for the compliance modules.", "Skillcast"),
    ("Everything goes into Foobar Cloud at the end of the day.", "Foobar Cloud"),
    ("Our compliance e-learning comes from an outside provider, Zenquill, and that side's fine.",
     "Zenquill"),
    ("Grantwise is our core grants system.", "Grantwise"),
])
def test_an_unlisted_tool_in_a_usage_frame(text: str, tool: str) -> None:
    assert [name for name, _, _ in unlisted_tools(text, [], ["Northwind Freight"])] == [tool]


@pytest.mark.parametrize("text", [
    "I live in London these days.",
    "We moved to Northwind last year.",  # the company on the call, not a tool
    "Honestly we use Excel for everything.",  # a lexicon tool, found by the lexicon instead
])
def test_no_unlisted_tool(text: str) -> None:
    assert unlisted_tools(text, [], ["Northwind Freight"]) == []


@pytest.mark.parametrize(("text", "industry", "how"), [
    ("We're a regional insurer, mostly home and motor.", "insurance", "self-described"),
    ("Our policyholders call us when a claim stalls.", "insurance", "owned"),
    ("We run about forty restaurants across the north.", "food-and-beverage", "self-described"),
    ("Our customers are mostly hospitals and care homes.", "healthcare", "serves"),
    ("My last job was at a hospital, so I know the pain.", "healthcare", "passing"),
    ("It's like what a hospital would do with triage.", "healthcare", "passing"),
    ("We're not a bank, we just move money between partners.", "fintech", "passing"),
])
def test_industry_words_weighted_by_the_statement_they_sit_in(text: str, industry: str,
                                                             how: str) -> None:
    assert {(m.industry, m.how) for m in industry_mentions(text)} == {(industry, how)}


def test_company_names_suggest_an_industry() -> None:
    assert [i for i, _ in name_industries("Ferncliff Mutual")] == ["insurance"]
    assert [i for i, _ in name_industries("KestrelPay")] == ["fintech"]
    assert name_industries("Hallam & Crewe") == []


@pytest.mark.parametrize(("text", "name", "theirs"), [
    ("You know, we use NetSuite for most of it.", "NetSuite", False),
    ("If you look at our NetSuite setup, it's a mess.", "NetSuite", False),
    ("Does your Salesforce connector do two-way sync?", "Salesforce", True),
    ("One of my clients runs Ironclad in-house and loves it.", "Ironclad", True),
    ("At my last job we had Workday.", "Workday", True),
    ("A few of the engineers used Fivetran at previous jobs.", "Fivetran", True),
])
def test_a_tool_is_the_companys_unless_said_of_someone_else(text: str, name: str,
                                                            theirs: bool) -> None:
    from nlp.persona_tools import said_of_others

    assert said_of_others(text, text.index(name)) is theirs


def test_a_tool_only_demoed_or_tried_is_not_in_use() -> None:
    from nlp.persona_tools import evaluated_only

    text = "We had a demo of Juro last month, which was cheaper."
    assert evaluated_only(text, text.index("Juro"))
    text = "We draft everything in Juro now."
    assert not evaluated_only(text, text.index("Juro"))


@pytest.mark.parametrize(("text", "needs_cue"), [
    ("Crew assignments get posted in Teams at night.", False),
    ("Send the order form as a Word doc, please.", True),
    ("Teams are stretched this quarter.", True),
])
def test_common_word_product_names_need_context(text: str, needs_cue: bool) -> None:
    from nlp.persona_tools import needs_usage_cue
    from nlp.persona_types import Mention

    word = "Teams" if "Teams" in text else "Word"
    start = text.index(word)
    assert needs_usage_cue(Mention("TOOL", word, word, start, start + len(word)), text) is needs_cue
