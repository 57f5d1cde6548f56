"""What kind of quote a query asks for: an objection (and its category), a rep's wording, a buyer.

Marketers describe what they want rather than quoting it ("buyers worried about…", "how reps
compare…", "finance leaders who…"). These are general rules over how such requests are phrased;
search turns them into boosts for sentences the detectors already marked, and says so per hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OBJECTION = re.compile(
    r"\b(worr(y|ied|ies|ying)|concern(s|ed)?|afraid|fear(s|ful)?|nervous|uneasy|wary|"
    r"hesita\w*|reluctan\w*|resist\w*|object(s|ing|ion|ions)?|push(es|ing)? ?back|pushback|"
    r"sceptic\w*|skeptic\w*|doubt\w*|question(s|ing)? (whether|if)|not (sure|convinced|ready)|"
    r"won't|wont|refus\w*|reject\w*|balk\w*|block\w*|stall\w*|can't|cannot|unwilling|"
    r"unconvinced|complain\w*|push(ed)? back|tied (to|into)|stuck (with|on)|locked in\w*|"
    r"(good|fine|happy) enough|don't (need|see|want)|no (need|budget|time)|"
    r"too (expensive|costly|risky|busy|early|late|small|big)|overruled|vetoed|burn(ed|t)|"
    r"risk(s|y)?|unfair|threat\w*|dread\w*|put off|holding back|hold(s|ing)? off)\b", re.I)
_PHRASING = re.compile(
    r"\b(reps?|sales ?(people|person|team)|sellers?|account executives?|AEs?)\b.{0,60}\b("
    r"compar\w*|lik(e|en|ens|ening)|analog\w*|metaphor\w*|image|picture|describ\w*|explain\w*|"
    r"pitch\w*|phras\w*|word(s|ing)?|fram(e|es|ing)|put(s|ting)? it|call(s|ing)? it)\b|"
    r"\b(comparison|analogy|metaphor|likens?|likening)\b", re.I)
_PERSONA = re.compile(
    r"\b(buyers?|prospects?|customers?|leaders?|leads|heads?|chiefs?|directors?|managers?|"
    r"executives?|execs|officers?|owners?|founders?|operators?|engineers?|admins?|"
    r"administrators?|teams?|firms?|companies|businesses|counsel|controllers?|analysts?|"
    r"vps?|cfos?|ctos?|cios?|ceos?|coos?|people)\b[^.?!]{0,40}\b(who|whose|that|with|at|in|"
    r"running|managing|worried|afraid|uneasy|describing)\b", re.I)

# Words a marketer uses for each objection category (query side only: the detector decides
# what a sentence is; this decides which of its categories a query is after).
CATEGORY_WORDS: dict[str, re.Pattern[str]] = {name: re.compile(rf"\b({words})\b", re.I) for
                                              name, words in {
    "price": r"pric\w*|cost\w*|expensive|budget\w*|too high|afford\w*|spend\w*|money|fees?|"
             r"licen[cs]e\w*|per[- ](user|seat)|discount\w*|invoice\w*|rates?|raise|rise|bump|"
             r"increase",
    "timing": r"timing|not now|later|next (year|quarter)|busy|crunch|freeze|restructur\w*|"
              r"season\w*|bandwidth|while (they|we)|until|wait\w*|another project|too early",
    "authority": r"boss|sign[- ]?off|approv\w*|board|committee|procurement|parent company|"
                 r"head office|headquarters|overruled|elected|tender|decision|decide\w*",
    "no_need": r"good enough|fine (with|as)|happy with|don't need|no need|keep (it|the|their)|"
               r"status quo|home[- ]grown|spreadsheets?|improvis\w*|manual\w*",
    "competitor": r"competitor\w*|rival\w*|incumbent|already (use|using|pay|have)|another "
                  r"(vendor|platform|tool|provider|system)|standardi[sz]\w*|switch\w*|other vendor",
    "trust": r"trust\w*|security|secure|privacy|risk\w*|stable|stability|bought out|fold|"
             r"proof|references?|track record|small (vendor|supplier)|young (vendor|supplier)|"
             r"tiny|startup|hosted|data residency|compliance|gdpr|breach\w*",
    "implementation": r"onboard\w*|rollout|roll[- ]out|implement\w*|integrat\w*|migrat\w*|"
                      r"set ?up|training|retrain\w*|adoption|effort|workload|disrupt\w*|"
                      r"time to value|change management|moving",
    "contract": r"contract\w*|terms?|renewal|auto[- ]?renew\w*|evergreen|lock[- ]?in|"
                r"notice period|cancel\w*|clause\w*|commitment|multi[- ]year|agreement",
}.items()}


@dataclass(frozen=True)
class QueryIntent:
    """The insight kinds a query reads as asking for."""

    objection: bool = False
    categories: tuple[str, ...] = ()
    phrasing: bool = False
    persona: bool = False

    def labels(self) -> list[str]:
        """Human-readable names of what was read, for the response."""
        out = []
        if self.objection:
            cats = "/".join(self.categories)
            out.append(f"objection ({cats})" if cats else "objection")
        if self.phrasing:
            out.append("rep wording")
        if self.persona:
            out.append("buyer profile")
        return out


def read_intent(query: str) -> QueryIntent:
    """Which insight kinds a query asks for (any number, possibly none)."""
    phrasing = bool(_PHRASING.search(query))
    categories = () if phrasing else tuple(
        name for name, pattern in CATEGORY_WORDS.items() if pattern.search(query))
    # Naming what deals stall on ("pricing", "already use a competitor") asks for objections
    # as much as "worried about" does.
    objection = not phrasing and (bool(_OBJECTION.search(query)) or bool(categories))
    return QueryIntent(objection=objection, categories=categories, phrasing=phrasing,
                       persona=bool(_PERSONA.search(query)) and not phrasing)
