"""Software the prospect's company uses: lexicon names in context, and unlisted names by usage.

A lexicon name (nlp/data/persona_lexicons.json and persona_tools.json) counts unless it is asked
about, negated ("we moved off X"), a modifier ("AWS-first"), someone else's ("at my last job we
had X", "they use X") or, for names that are also common words (Opera, Segment, Word), said
without a usage cue. An unlisted name counts when the sentence says the company uses it: "we use
X", "we're on X", "X is our ERP", "our CRM is X", "lives in X", "we track it in X", "X for
payroll". Places, people, dates and the companies on the call are never tools.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from nlp.persona_industry import PAST_JOB
from nlp.persona_lexicons import load_lexicons
from nlp.persona_types import Mention

CATEGORY = (r"(?:ERP|CRM|HRIS|HR system|HR platform|payroll(?: system| provider)?|ticketing(?: "
            r"system| tool)?|help ?desk|service desk|LMS|ATS|PMS|DMS|WMS|TMS|EHR|EMR|PM system|"
            r"BI tool|data warehouse|warehouse|ledger|general ledger|GL|accounting(?: system| "
            r"package| software)?|finance system|core system|system of record|practice management"
            r"(?: system)?|document management(?: system)?|booking system|point of sale|POS|CMS|"
            r"MES|CMMS|MDM|CDP|MMP|attribution tool|e-?signature tool|wiki|intranet|database|"
            r"scheduling(?: tool| system)?|rostering(?: tool| system)?|timekeeping(?: system)?|"
            r"time and attendance(?: system)?|dispatch system|fleet system|telematics|"
            r"expense tool|procurement(?: system| tool)?|project tool|stack|platform|system|tool|"
            r"software|app)")
NAME = r"(?P<name>(?:[A-Z][\w.&+'-]*|[a-z]+[A-Z][\w.&+-]*)(?:\s(?:[A-Z][\w.&+-]*|\d{1,4}))" \
       r"{0,2})"
_IT = r"(?:it|them|everything|all of it|that|data)? ?"
USE_VERB = "(?:" + "|".join([
    "use", "uses", "used", "using", "run", "runs", "ran", "running", "rely on", "relies on",
    "pay for", "have", "'ve got", "license", "licence", "went with", "chose", "picked",
    "moved to", "moved onto", "migrated to", "switched to", "standardi[sz]ed on", "implemented",
    "rolled out", "live in", "lives in", "sit in", "sits in", "is in", "are in", "is kept in",
    "are kept in", f"keep {_IT}in", f"track {_IT}in", f"log {_IT}in", f"do {_IT}in",
    f"manage {_IT}in", f"store {_IT}in", f"build {_IT}in", "built in", "done in", "kept in",
    "tracked in", "managed in", "logged in", "stored in", "posted in", "saved in", "entered in",
    "keyed into", "typed into", "goes into", "go into", "goes in", "lands in", "land in",
    "comes out of", "come out of", f"pull {_IT}(?:out of|from)", f"export {_IT}(?:out of|from)",
    "runs on", "run on", "runs through", "run through", "goes through", "go through", "sits on",
    "built on", "is on", "are on", "'re on", "'s on", "'re all on", "are all on", "'re in",
    "'s in"]) + ")"
STRONG = [
    re.compile(rf"\b{USE_VERB}\s+(?:the\s+|our\s+|a\s+|an\s+)?(?:old\s+|new\s+|legacy\s+)?{NAME}"),
    re.compile(rf"\b{NAME}(?:'s|\s+is|\s+was|\s+has been)\s+(?:our|the|my|basically our|"
               rf"still our|where our)\s+(?:\w+\s+){{0,2}}{CATEGORY}\b"),
    re.compile(rf"\bour\s+(?:\w+\s+)?{CATEGORY}(?:'s|\s+is|\s+was)\s+(?:still\s+|basically\s+)?"
               rf"{NAME}"),
    re.compile(rf"\b{NAME}\s+for\s+(?:our\s+|the\s+)?(?:tickets|ticketing|payroll|invoices|"
               rf"invoicing|expenses|HR|the ledger|accounting|bookkeeping|scheduling|rostering|"
               rf"timesheets|time tracking|contracts|e-?signatures?|signatures|documents|reporting|"
               rf"dashboards|analytics|attribution|email|chat|CRM|marketing|support|dispatch|"
               rf"bookings|reservations|inventory|stock|purchasing|procurement|learning|training|"
               rf"onboarding|the general ledger|GL|job cost(?:ing)?|work orders|claims|policies|"
               rf"matters|billing|leases|rent|the books|payments|forms|surveys)\b"),
    re.compile(rf"\b(?:provider|vendor|supplier|tool|system|platform|app|software|package|"
               rf"product)(?:\s+called|\s+named)?,?\s+{NAME}"),
    re.compile(rf"\b(?:in|on|into|out of|from|through|via)\s+(?:the\s+|our\s+)?{NAME}"
               rf"(?:'s)?\s+(?:instance|account|tenant|workspace|module|portal|dashboards?|"
               rf"export|integration|connector|screens?|reports?)\b"),
]
# Colleagues ("he pulls it into a Google Sheet") use the company's tools; the vendor does not.
# The vendor's side: "your Salesforce connector", "you guys use Jira"; not "you know, we use X"
# or "if you look at our NetSuite".
OTHERS = re.compile(r"\byour\s+(?:own\s+|\w+\s+)?$|\byou(?: guys| all)?(?:'re| are)? "
                    r"(?:use|using|used|run|running|have|had|built|support|integrate with|"
                    r"connect to|sync with)\b[^.;,]{0,30}$", re.I)
OTHERS_IN_RECAP = re.compile(r"(?!)")
THIRD_PARTY = re.compile(r"\b(?:clients?|customers?|partners?|friends?|brother|sister|competitors?|"
                         r"suppliers?|vendors?|another (?:company|firm|studio|hospital|school))\b"
                         r"[^.;]{0,40}\b(?:runs?|uses?|using|has|have|had|on|swears by)\s+$", re.I)
EVALUATED = re.compile(r"\b(?:demo(?:ed)? (?:of|from)|a demo|trial(?:led)? (?:of)?|tried|trying|"
                       r"looked at|looking at|evaluat\w+|a quote from|quoted|pitched|talking to|"
                       r"considering|comparing|compared|shortlist\w*)\s+(?:\w+\s+){0,2}$",
                       re.I)
NOT_NAMES = frozenset("""i i'm i've i'd i'll we we're our us you your it it's they he she so and but
or the a an this that these those yeah yes no okay ok right well um uh honestly actually basically
january february march april may june july august september october november december monday
tuesday wednesday thursday friday saturday sunday christmas easter q1 q2 q3 q4 uk us usa eu europe
european america american british english french german spanish london paris lisbon dublin
north south east west ceo cfo coo cto cio cmo vp hr it ops ap ar pdf pdfs csv excel sheets
""".split())
NER_NOT_TOOL = {"GPE", "LOC", "PERSON", "DATE", "NORP", "TIME", "EVENT", "FAC", "LANGUAGE",
                "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"}


@cache
def ambiguous_aliases() -> frozenset[str]:
    """Case-sensitive aliases that are also common words; they need a usage cue."""
    return frozenset(a for e in load_lexicons()["tools"] if e.get("ambiguous")
                     for a in e.get("case_sensitive", []))


@cache
def _known_aliases() -> Mapping[str, str]:
    lex = load_lexicons()
    return {a.casefold(): e["name"] for key in ("tools", "competitors") for e in lex[key]
            for a in e["aliases"] + e.get("case_sensitive", [])}


USAGE_NEAR = re.compile(rf"\b{USE_VERB}\s+(?:the\s+|our\s+|a\s+|an\s+)?(?:old\s+|new\s+)?$|"
                        r"\b(?:in|on|into|onto|out of|from|through|via|with)\s+(?:the\s+|our\s+)?$",
                        re.I)


def needs_usage_cue(m: Mention, text: str) -> bool:
    """An ambiguous lexicon name ("Opera", "Segment") opening a sentence without a usage cue.

    Mid-sentence, the capitalised name is the product ("posted in Teams", "a Word doc"); at the
    start of a sentence capitals prove nothing ("Square one...", "Word is ...")."""
    if m.text not in ambiguous_aliases():
        return False
    if re.match(r"\s+(?:doc|docs|document|documents|file|files|format)\b", text[m.end:], re.I):
        return True  # "send it as a Word doc": a file format, not the company's software
    if re.search(r"[A-Za-z0-9]", text[:m.start]) and not re.fullmatch(
            r"\W*(?:(?:so|and|but|yeah|well|oh|um|uh|okay|right)\W+)*", text[:m.start], re.I):
        return False
    after = text[m.end:m.end + 40]
    category = re.match(rf"(?:'s|\s+is|\s+was)?\s+(?:our\s+|the\s+)?(?:\w+\s+)?{CATEGORY}\b",
                        after)
    return not (USAGE_NEAR.search(text[:m.start][-40:]) or category or USAGE_AFTER.match(after))


USAGE_AFTER = re.compile(r"\s+(?:for\s+(?!example|instance|sure|now|a\s+while)|feed|sync|"
                         r"integration|connector|export|instance|account|data|pipeline|setup|"
                         r"licen[cs]es?|seats|dashboards?|reports?|module|recording|call|"
                         r"meeting|channel|chat|message|policies|tenant|workspace|site|folder)",
                         re.I)


def said_of_others(text: str, start: int, *, recap: bool = False) -> bool:
    """'Your X integration', 'at my last job we had X': not this company's tool.

    In a rep's recap the prospect confirms, "you" and "your" are the prospect, so they count."""
    clause = re.split(r"[.;!?]|\bbut\b", text[:start])[-1]
    rest = re.split(r"[.;!?]|\bbut\b", text[start:])[0]
    others = OTHERS_IN_RECAP if recap else OTHERS
    return bool(others.search(clause) or THIRD_PARTY.search(clause) or PAST_JOB.search(clause)
                or re.search(r"\bat (?:previous|their|my|his|her) (?:old |last |previous )?"
                             r"(?:jobs?|compan(?:y|ies)|employers?)\b", rest, re.I))


def evaluated_only(text: str, start: int) -> bool:
    """'We had a demo of X', 'we tried X a while back': looked at, not used."""
    return bool(EVALUATED.search(text[:start]))


def unlisted_tools(text: str, mentions: Sequence[Mention],
                   known_names: Sequence[str]) -> list[tuple[str, int, int]]:
    """(name, start, end) of software named in a usage frame that no lexicon lists."""
    blocked = [(m.start, m.end) for m in mentions
               if m.label in NER_NOT_TOOL or m.label in {"TOOL", "COMPETITOR", "TITLE"}]
    known = {n.casefold() for name in known_names for n in (name, *name.split())}
    out: list[tuple[str, int, int]] = []
    for pattern in STRONG:
        for found in pattern.finditer(text):
            name = _trim(found.group("name"))
            start = found.start("name")
            end = start + len(name)
            words = [w.casefold().strip("'") for w in name.split()]
            if (not name or words[0] in NOT_NAMES or name.casefold() in known
                    or any(w in known for w in words) or name.casefold() in _known_aliases()
                    or any(a < end and start < b for a, b in blocked)):
                continue
            if not any(s == start for _, s, _ in out):
                out.append((name, start, end))
    return out


def _trim(name: str) -> str:
    """Drop a trailing possessive, number or common word the name pattern swallowed."""
    name = re.sub(r"'s$", "", name.strip().rstrip(".,;:!?'-"))
    words = name.split()
    while words and (words[-1].casefold() in NOT_NAMES or words[-1].isdigit() and len(words) == 1):
        words.pop()
    return " ".join(words)
