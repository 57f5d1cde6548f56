"""How search indexes each sentence: its context window, keyword stems, and vector side or not.

A prospect's point is often spread over two or three sentences, so search scores a sentence on
its own vector and on the vector of its window (the sentence with its neighbours in the turn).
Backchannels and fillers ("Yeah, sure.", "Right, okay.") sit close to every short query in
embedding space and are never the quote anyone wants: they stay off the vector side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from models.domain import Sentence, SentenceSearch
from nlp.embed import text_hash
from nlp.search_text import keywords, tokens

WINDOW_NEIGHBOURS = 1  # sentences either side, within the turn
MIN_WORDS = 4  # shorter sentences are found through their neighbours' windows


# A product name (HubSpot, CloudMinder), a number, or a capitalised word after the first
_NAME_OR_NUMBER = re.compile(r"\b\w*[a-z][A-Z]\w*|\d|(?<!^)(?<![.!?] )\b[A-Z][a-z]+")


def is_searchable(text: str) -> bool:
    """False for backchannels, fillers and fragments too short to be a quote on their own.

    A short line that names something ("We're on CloudMinder.", "HubSpot, mostly.", "About
    40 seats.") stays: a name or a number is what a short line is worth finding for.
    """
    if not tokens(text):
        return False
    return len(text.split()) >= MIN_WORDS or bool(_NAME_OR_NUMBER.search(text.strip()))


def search_fields(sentences: Sequence[Sentence]) -> list[SentenceSearch]:
    """One SentenceSearch per sentence, in order."""
    out: list[SentenceSearch] = []
    for _, group in groupby(sentences, key=lambda s: s.turn_index):
        turn = list(group)
        for j, sent in enumerate(turn):
            searchable = is_searchable(sent.clean_text)
            near = turn[max(0, j - WINDOW_NEIGHBOURS): j + WINDOW_NEIGHBOURS + 1]
            # a line off the vector side needs no window vector
            window = " ".join(s.clean_text for s in near) if searchable and len(near) > 1 else None
            out.append(SentenceSearch(
                window_text=window, window_hash=text_hash(window) if window else None,
                keywords=keywords(sent.clean_text), searchable=searchable))
    return out
