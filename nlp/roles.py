"""Speaker roles: who sells and who buys, from metadata, the rep roster, titles or speech."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.domain import ParsedCall, Participant, Role, RoleSource, SpeakerRole

METADATA_CONFIDENCE = 1.0
ROSTER_CONFIDENCE = 0.95
# On a sales call everyone who is not selling is buying or sits on the buyer's side
# (colleagues, advisers), so once a seller is known the rest default to prospect.
OTHERS_CONFIDENCE = 0.8
TITLE_CONFIDENCE = 0.9
COMPANY_CONFIDENCE = 0.85
MAX_INFERRED_CONFIDENCE = 0.95

# Seller titles only: "VP of Sales" or "Sales Manager" is the buyer of a sales tool as often
# as not, so a bare "sales" is no evidence.
SELLER_TITLE = re.compile(
    r"\b(?:account executive|ae|sales (?:rep|representative|engineer|executive|associate|consultant"
    r"|development)|sdr|bdr|business development|solutions? (?:engineer|consultant|architect)"
    r"|pre-?sales|account manager|customer success)\b",
    re.IGNORECASE,
)

# Speech cues, (pattern, weight). General sales and persuasion language, not any data set's.
REP_CUES: tuple[tuple[str, float], ...] = (
    (r"\bour (?:platform|product|solution|software|tool|service|offering|customers|clients"
     r"|pricing|plans?|packages?|integrations?|case stud(?:y|ies))\b", 1.0),
    (r"\bwe (?:help|work with|partner with|offer|provide|specialize|built|can help)\b", 1.0),
    (r"\bwe(?:'ve| have) (?:helped|worked with|seen)\b"
     r"|\bwe (?:typically|usually|often) see\b", 1.0),
    (r"\blet me (?:show|share|walk|send|demo)\b|\bshare my screen\b|\bwalk you through\b"
     r"|\bshow you\b", 1.5),
    (r"\bthanks? (?:you )?for (?:making|taking|finding) (?:the )?time\b"
     r"|\bappreciate you (?:taking|making)\b|\bthanks? (?:you )?for joining\b", 1.5),
    (r"\b(?:reach(?:ed|ing)? out|calling) (?:from|because|about|to)\b", 1.5),
    (r"\bnext steps?\b|\b(?:schedule|set up|book) (?:a|the|some) (?:demo|call|meeting|pilot"
     r"|follow-?up|time)\b|\b(?:free )?trial\b|\bpilot\b", 1.0),
    (r"\b(?:send|share) (?:you|over)\b.{0,30}\b(?:contract|proposal|agreement|invite|deck"
     r"|case stud(?:y|ies)|quote|info|information|details|materials)\b"
     r"|\bget you (?:started|set up)\b", 1.5),
    (r"\bROI\b|\bsave you\b|\bour (?:clients|customers) (?:see|get|typically)\b", 1.0),
    (r"\bwould you (?:be (?:willing|interested|open)|like to|consider|want to)\b"
     r"|\bare you (?:interested|open|willing)\b|\bcan i count on\b", 1.5),
    (r"\bmakes? a (?:big |real |huge )?difference\b"
     r"|\bevery (?:little )?bit (?:helps|counts)\b", 1.0),
    (r"\b(?:does|would) that (?:work|sound good|make sense)\b|\bsound good\?", 1.0),
)
PROSPECT_CUES: tuple[tuple[str, float], ...] = (
    (r"\bwe(?:'re| are)? (?:currently |already )?(?:use|using|have|work with)\b"
     r"|\bour current (?:vendor|tool|system|provider|process|solution|setup)\b", 1.0),
    (r"\bour (?:team|budget|boss|company|manager|leadership|board|procurement|legal|finance"
     r"|ceo|cfo|it (?:team|department))\b|\bmy (?:boss|manager|team)\b", 1.0),
    (r"\bi(?:'d|'ll| would| will)? (?:have|need) to (?:run|check|talk|speak|ask)\b"
     r"|\brun (?:it|this|that) by\b|\bget (?:approval|sign-?off)\b", 1.5),
    (r"\bhow much (?:does|is|would|will|do) (?:it|this|that|they)\b|\bwhat does it cost\b"
     r"|\bwhat(?:'s| is) the (?:price|cost|pricing|investment)\b", 1.5),
    (r"\btoo expensive\b|\bout of (?:our|my) budget\b|\bcan(?:'t|not) afford\b"
     r"|\bhigher than (?:what )?we\b", 1.5),
    (r"\bwe(?:'re| are) (?:looking for|evaluating|considering|looking at)\b|\bwe need\b", 1.0),
    (r"\bdoes it (?:integrate|work|support|connect|handle)\b|\bintegrate with\b"
     r"|\bhow does (?:it|this|that) (?:work|know|handle|compare)\b", 1.5),
    (r"\b(?:i'm|i am) (?:not sure|skeptical)\b|\bhow (?:do|can) i (?:know|be sure|trust)\b"
     r"|\blet me think\b|\bi'll think about\b|\bnot (?:really )?interested\b"
     r"|\b(?:don't|do not) have (?:the )?time\b|\btake me off\b", 1.0),
    (r"\byour (?:proposal|quote|product|platform|pricing|solution|software|tool|offer)\b", 1.0),
    (r"\bi(?:'ll| will| can| could|'d like to) (?:buy|purchase|pay|give|donate|contribute"
     r"|sign up|go with|take it)\b", 1.0),
)
_REP_RX = tuple((re.compile(p, re.IGNORECASE), w) for p, w in REP_CUES)
_PROSPECT_RX = tuple((re.compile(p, re.IGNORECASE), w) for p, w in PROSPECT_CUES)
# A self-introduction naming one's company ("this is Sarah from TribeAI") marks the caller.
SELF_INTRO = re.compile(
    r"\b(?i:this is|i'm|i am|my name is)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?"
    r"\s+(?i:from|with|at)\s+[A-Z]"
)
SELF_INTRO_WEIGHT = 2.0
SELF_INTRO_TURNS = 3
# Second-person questions are discovery ("how many reps do you have?"); questions about
# "it/this" evaluate the offer ("how does it know?"). Greetings ask after "you" too.
_QUESTION = re.compile(r"[^.?!]*\?")
_YOU = re.compile(r"\byou(?:r|rs)?\b", re.IGNORECASE)
_IT = re.compile(r"\b(?:it|this|that|they|them)\b", re.IGNORECASE)
_SMALL_TALK = re.compile(r"\bhow (?:are|about|is|was|have) (?:you|your)\b|\band you\b", re.I)
QUESTION_WEIGHT = 0.5

MIN_MARGIN = 1.5  # cue weight; below this the speakers are too alike to call
MIN_CLARITY = 0.3  # margin / cue weight of the two speakers either side of the split
K_MARGIN = 0.4
K_TEXT = 0.3
TEXT_SCALE_WORDS = 200


@dataclass(frozen=True)
class SpeechEvidence:
    """How seller-like one speaker sounds: net cue score, total cue weight, words spoken."""

    score: float
    weight: float
    words: int


def assign_roles(call: ParsedCall, roster: Sequence[str] = ()) -> dict[str, SpeakerRole]:
    """Give every distinct speaker a role: metadata, then roster, then titles and speech."""
    speakers = list(dict.fromkeys(t.speaker for t in call.turns))
    people = {s: match_participant(s, call.meta.participants) for s in speakers}
    entries = _roster_entries([*roster, *call.meta.rep_roster])
    roles: dict[str, SpeakerRole] = {}
    for s in speakers:
        p = people[s]
        if p is not None and p.role != "unknown":
            roles[s] = _role(s, p.role, "metadata", METADATA_CONFIDENCE)
        elif on_roster(s, p, entries):
            roles[s] = _role(s, "rep", "roster", ROSTER_CONFIDENCE)
    undecided = [s for s in speakers if s not in roles]
    # Speech is the costliest evidence; skip it when metadata and roster settled everyone.
    speech = pick_by_speech({s: speech_evidence(call, s) for s in speakers}) if undecided else {}
    anchors = _anchor_companies(roles, people, undecided)
    if anchors is not None:
        for s in undecided:
            roles[s] = _resolve_with_sellers(s, people[s], anchors, speech)
    else:
        for s in undecided:
            role, conf = speech.get(s, ("unknown", 0.0))
            roles[s] = _role(s, role, "inferred" if role != "unknown" else "unknown", conf)
    return roles


def match_participant(speaker: str, participants: Sequence[Participant]) -> Participant | None:
    """The one participant a speaker label names: exact, then first name, then email; else None."""
    index = _find([(p.name, p.email) for p in participants], speaker)
    return participants[index] if index is not None else None


def on_roster(
    speaker: str, person: Participant | None, entries: Sequence[tuple[str, str | None]]
) -> bool:
    """True if the speaker (or the participant they resolve to) is on the rep roster."""
    emails = {e.lower() for _, e in entries if e}
    if person is not None and person.email and person.email.lower() in emails:
        return True
    # A resolved full name is more specific than the label: "Jennifer" must not hit "Jennifer Lee".
    query = person.name if person is not None else speaker
    return _find(entries, query) is not None


def is_seller_title(title: str | None) -> bool:
    """True for titles only a seller holds: AE, SDR, sales engineer, account manager..."""
    return bool(title and SELLER_TITLE.search(title))


def speech_evidence(call: ParsedCall, speaker: str) -> SpeechEvidence:
    """Score one speaker's turns: rep cues count up, prospect cues down."""
    texts = [t.text for t in call.turns if t.speaker == speaker]
    rep = sum(w * len(rx.findall(t)) for t in texts for rx, w in _REP_RX)
    prospect = sum(w * len(rx.findall(t)) for t in texts for rx, w in _PROSPECT_RX)
    rep += SELF_INTRO_WEIGHT * sum(bool(SELF_INTRO.search(t)) for t in texts[:SELF_INTRO_TURNS])
    for text in texts:
        for q in _QUESTION.findall(text):
            if _SMALL_TALK.search(q):
                continue
            if _YOU.search(q):
                rep += QUESTION_WEIGHT
            elif _IT.search(q):
                prospect += QUESTION_WEIGHT
    words = sum(len(t.split()) for t in texts)
    return SpeechEvidence(score=rep - prospect, weight=rep + prospect, words=words)


def pick_by_speech(evidence: Mapping[str, SpeechEvidence]) -> dict[str, tuple[Role, float]]:
    """Split speakers at the widest score gap into reps and prospects, if the gap is clear."""
    ranked = sorted((e for e in evidence.items() if e[1].words), key=lambda e: -e[1].score)
    gaps = [
        (ranked[i - 1][1].score - ranked[i][1].score, i)
        for i in range(1, len(ranked))
        if ranked[i - 1][1].score > 0
    ]
    if not gaps:
        return {}
    margin, split = max(gaps)
    weight = ranked[split - 1][1].weight + ranked[split][1].weight
    clarity = margin / weight if weight else 0.0
    if margin < MIN_MARGIN or clarity < MIN_CLARITY:
        return {}
    conf = speech_confidence(margin * clarity, sum(e.words for _, e in ranked))
    return {s: ("rep" if i < split else "prospect", conf) for i, (s, _) in enumerate(ranked)}


def speech_confidence(clear_margin: float, words: int) -> float:
    """Logistic in the clarity-weighted margin and the amount of text, in (0.5, 0.95]."""
    z = K_MARGIN * clear_margin + K_TEXT * math.log1p(words / TEXT_SCALE_WORDS)
    return round(min(MAX_INFERRED_CONFIDENCE, 1.0 / (1.0 + math.exp(-z))), 3)


def _anchor_companies(
    roles: Mapping[str, SpeakerRole],
    people: Mapping[str, Participant | None],
    undecided: Sequence[str],
) -> set[str] | None:
    """Companies of known sellers (metadata/roster, else seller titles); None if no seller."""
    reps = [s for s, r in roles.items() if r.role == "rep"]
    if not reps:
        reps = [s for s in undecided if (p := people[s]) is not None and is_seller_title(p.title)]
    if not reps:
        return None
    return {_norm(c) for s in reps if (p := people[s]) is not None and (c := p.company)}


def _resolve_with_sellers(
    speaker: str,
    person: Participant | None,
    anchors: set[str],
    speech: Mapping[str, tuple[Role, float]],
) -> SpeakerRole:
    """Role of a speaker once some seller is known: same company sells, everyone else buys."""
    company = _norm(person.company) if person is not None and person.company else None
    seller_title = person is not None and is_seller_title(person.title)
    if company and company in anchors:
        conf = TITLE_CONFIDENCE if seller_title else COMPANY_CONFIDENCE
        return _role(speaker, "rep", "inferred", conf)
    if company and anchors:
        return _role(speaker, "prospect", "inferred", OTHERS_CONFIDENCE)
    if seller_title:
        return _role(speaker, "rep", "inferred", TITLE_CONFIDENCE)
    role, conf = speech.get(speaker, ("unknown", 0.0))
    if role == "rep":  # a second seller nobody listed, e.g. a sales engineer off the roster
        return _role(speaker, "rep", "inferred", conf)
    return _role(speaker, "prospect", "inferred", OTHERS_CONFIDENCE)


def _find(entries: Sequence[tuple[str, str | None]], query: str) -> int | None:
    """Index of the one (name, email) entry `query` names, trying stricter rules first."""
    q = _tokens(query.split("@")[0] if "@" in query else query)
    if not q:
        return None
    for rule in ("exact", "first_name", "email"):
        hits = [i for i, (name, email) in enumerate(entries) if _names(rule, query, q, name, email)]
        if hits:
            # Two people answering to one label (two Jennifers) is no evidence at all.
            return hits[0] if len(hits) == 1 else None
    return None


def _names(rule: str, query: str, q: list[str], name: str, email: str | None) -> bool:
    """One matching rule: exact name or email, label is the name's first words, email local part."""
    if rule == "exact":
        return (email or "").lower() == query.strip().lower() or _tokens(name) == q
    if rule == "first_name":
        full = _tokens(name)
        return len(q) < len(full) and full[: len(q)] == q
    return bool(email) and _tokens((email or "").split("@")[0]) == q


def _roster_entries(roster: Sequence[str]) -> list[tuple[str, str | None]]:
    """Roster lines as (name, email): an email's name part is empty."""
    return [("", r.strip()) if "@" in r else (r.strip(), None) for r in roster if r.strip()]


_COMPANY_SUFFIXES = frozenset({"inc", "llc", "ltd", "limited", "corp", "corporation", "co", "gmbh"})


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _norm(text: str) -> str:
    """A company name for comparison: "TechFlow, Inc." and "techflow" are the same."""
    words = _tokens(text)
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def _role(speaker: str, role: Role, source: RoleSource, confidence: float) -> SpeakerRole:
    return SpeakerRole(speaker=speaker, role=role, source=source, confidence=confidence)
