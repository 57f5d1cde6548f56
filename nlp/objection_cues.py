"""Linguistic cues for objection detection: general rules about how pushback is phrased.

Each cue is a 0/1 column beside the sentence vector: negation, refusal openers, hedges, jokes, a
past problem already solved, a commitment (and a commitment to nothing), doubt phrased as a
question, contentment with the status quo, being bound to someone else. They are written as
general rules over phrasing, never to fix one labelled sentence.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z']+")
_NEGATION = re.compile(r"\b(no|not|never|nothing|none|nobody|cannot|can't|won't|don't|"
                       r"doesn't|didn't|isn't|aren't|wouldn't|couldn't|shouldn't|nope|nah)\b"
                       r"|n't\b")
_REFUSAL_START = re.compile(r"^\W*(no|nope|nah|not|sorry|unfortunately|i'm afraid)\b")
_HEDGE = re.compile(r"\b(but|however|though|unfortunately|honestly|afraid|rather|prefer|"
                    r"instead|first|until|unless|already)\b")
_AGREE_START = re.compile(r"^\W*(yes|yeah|yep|sure|great|ok|okay|absolutely|definitely|"
                          r"of course|sounds good|i agree|thanks|thank you|awesome|wow)\b")
_JOKE = re.compile(r"\b(haha\w*|hehe\w*|lol\w*|lmao|rofl|jk|just kidding|just joking|"
                   r"kidding)\b|[\U0001F602\U0001F923]")
_PAST = re.compile(r"\b(used to|was|were|had|in the past|at first|early on|before|last year|"
                   r"last quarter)\b")
_RESOLVED = re.compile(r"\b(but|until)\b.*\b(now|fixed|solved|sorted|resolved|since|"
                       r"anymore|passed|signed off|approved|ended|switched|fine|streamlined|"
                       r"better|no longer)\b")
_OWN_PLAN = re.compile(r"\b(i|we)('ll| will| would| 'd|'d| can't| cannot| won't| need| have to|"
                       r"'m not| am not)\b")

# A commitment ("I'll give a dollar", "we can start in May") is the opposite of pushback even
# when it mentions money or time.
_COMMIT = re.compile(r"\b(i|we)('ll| will| would like to| want to|'m willing to| am willing to|"
                     r" can| plan to|'m going to| am going to|'d be happy to|'d love to|'d like to|"
                     r"'d be willing to| would be willing to|'d be fine| would be fine|'m happy to|"
                     r" am happy to| wouldn't mind| would not mind| shall| could)"
                     r"( (?!not\b|never\b|hardly\b)\w+)? (donate|donating|give|giving|contribute|"
                     r"chip in|sign|start|move|go with|do|pay|put in|buy|take)\b")

# Committing to nothing is a refusal in the words of a commitment ("I'll donate $0").
_ZERO = re.compile(r"(\$ ?0(\.0+)?|\b(zero(?=\s*$|\s*[.,!;]| (dollars|cents|bucks|for|from|this|"
                   r"right|today|now)\b)|0 (dollars|cents)|not (a|one) (penny|cent|dime|dollar))"
                   r"|\b(give|giving|donate|donating|contribute|spend|spending|pay|paying|put in|"
                   r"commit\w*)"
                   r"( \w+)? (nothing|none|0)\b)(?![.,]?\d)")

# Questions are mostly neutral, except those that ask for proof: doubt phrased as a question.
_DOUBT = re.compile(r"\bhow (do|can|would|could|will) (i|we|you) (know|be sure|tell|trust|prove)|"
                    r"\bwhat guarantee|\bwhy should (i|we) (trust|believe|pay|give|switch)|"
                    r"\bscam\b|\blegit\b|\bwhat stops\b|\bwho checks\b|\bcan you prove\b")
# Contentment with the current way of working is the status-quo objection.
_STATUS_QUO = re.compile(r"\b(happy|fine|satisfied|content|good) with (what|how|our|the way|"
                         r"the current|the tools?|the system|things)\b|\bworks? (fine|well)\b|"
                         r"\bgets? the job done\b")

# Being bound to someone else ("locked in with them", "under contract") blocks a switch.
_BOUND = re.compile(r"\b(locked in(to)?|under contract|tied (in|into)|committed to|"
                    r"just (signed|renewed))\b")

CUE_NAMES = ("bound", "doubt", "status_quo", "commit", "zero_amount", "negation", "refusal_start",
             "hedge", "agree_start", "joke", "solved_past", "question", "short", "own_plan",
             "ask_context", "ask_x_short", "ask_x_negation")


def text_cues(text: str) -> list[float]:
    """The context-free cue columns of one sentence, each 0 or 1."""
    low = text.lower().replace("\u2019", "'")
    words = _WORD.findall(low)
    solved = bool(_PAST.search(low) and _RESOLVED.search(low))
    solved = solved or bool(_BOUND.search(low) and _RESOLVED.search(low))
    zero = _ZERO.search(low)
    return [float(bool(x)) for x in (
        _BOUND.search(low) and not solved, _DOUBT.search(low), _STATUS_QUO.search(low),
        _COMMIT.search(low) and not zero, zero, _NEGATION.search(low),
        _REFUSAL_START.search(low), _HEDGE.search(low),
        _AGREE_START.search(low), _JOKE.search(low), solved, low.rstrip().endswith("?"),
        len(words) <= 4, _OWN_PLAN.search(low),
    )]
