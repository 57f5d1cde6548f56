"""Reading participants from header text: `Jennifer Wu (Director of Sales Ops, TechFlow Inc)`."""

from __future__ import annotations

import re

from models.domain import Participant

_WITH_PARENS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inside>[^()]*)\)\s*$")
_NAME_SEP = re.compile(r"\s*(?:,|\s[-–—]\s|\sfrom\s|\sat\s)\s*")
_BRAND = re.compile(r"[a-z][A-Z]|\d")  # TribeAI, HubSpot, SalesForce360
_TITLE_WORDS = re.compile(
    r"\b(?:executive|rep|representative|engineer|manager|director|vp|president|officer|lead|"
    r"head|specialist|consultant|analyst|partner|founder|ceo|cto|cfo|cro|coo|cmo|architect|"
    r"coordinator|associate|administrator|owner|sales|account|success|marketing|operations)\b",
    re.IGNORECASE,
)


def participant_from_text(text: str) -> Participant | None:
    """Read `Name (Title, Company)`, `Name (Company Title)` or `Name, Company`."""
    text = text.strip().strip("*").strip()
    if not text:
        return None
    m = _WITH_PARENS.match(text)
    if m:
        title, company = title_and_company(m.group("inside"))
        return Participant(name=m.group("name").strip(), title=title, company=company)
    name, _, company = (p.strip() for p in _split_once(text))
    return Participant(name=name, company=company or None)


def title_and_company(inside: str) -> tuple[str | None, str | None]:
    """Split `Title, Company`; with no comma, a brand-like first word is taken as the company."""
    inside = inside.strip()
    if not inside:
        return None, None
    if "," in inside:
        title, company = (p.strip() for p in inside.split(",", 1))
        return title or None, company or None
    first, _, rest = inside.partition(" ")
    if rest and _BRAND.search(first[1:]) and _TITLE_WORDS.search(rest):
        return rest.strip(), first
    return inside, None


def participants_from_list(value: str, *, several: bool) -> list[Participant]:
    """Read people from a header value: `Name, Company` for one, a comma list for several."""
    if ";" in value:
        pieces = value.split(";")
    elif several:
        pieces = re.split(r",(?![^()]*\))|\s+and\s+", value)
    else:
        pieces = [value]
    people = (participant_from_text(p) for p in pieces)
    return [p for p in people if p is not None]


def _split_once(text: str) -> tuple[str, str, str]:
    m = _NAME_SEP.search(text)
    if not m:
        return text, "", ""
    return text[: m.start()], m.group(), text[m.end() :]
