"""Rep answers worth showing: the declarative sentences that carry content.

"Okay. How's that going?" answers nothing: a backchannel and a question. An answer keeps
its sentences that are not questions and say something (at least one sentence of four or
more words with two content words between them); with none left it is dropped.
"""

from __future__ import annotations

import re

from nlp.theme_labels import SPOKEN_FILLERS

SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+|$)")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Function words and conversational glue; what is left is what the answer is about.
NON_CONTENT = SPOKEN_FILLERS | frozenset("""
    a an the and or but so if then than that this these those there here it its it's i i'm
    i'd i'll i've me my we we're we'd we'll we've us our you you're you'd you'll you've your
    he she they them their what which who whom how why when where is are was were be been
    being am do does did done doing have has had having will would can could should shall
    may might must to of in on at by for with about from into as up out over off not no
    don't can't won't isn't aren't wasn't that's what's how's there's let's let get got go
    going say said tell told know think mean see hear feel fair great good cool awesome
    perfect nice thanks thank totally absolutely definitely exactly course gotcha hmm mhm
    mm-hmm uh-huh all well also too very much more some any just now again still
""".split())
MIN_WORDS = 4
MIN_CONTENT_WORDS = 2


def content_words(sentence: str) -> list[str]:
    """The sentence's words that are not function words, fillers or backchannels."""
    return [w for w in WORD.findall(sentence.lower().replace("’", "'"))
            if w not in NON_CONTENT and len(w) > 2]


def substantive_answer(text: str) -> str | None:
    """The answer's declarative, contentful sentences, or None when it says nothing."""
    kept = []
    for sentence in (s.strip() for s in SENTENCE.findall(text or "")):
        if not sentence or sentence.endswith("?") or not content_words(sentence):
            continue
        kept.append(sentence)
    if not any(len(WORD.findall(s)) >= MIN_WORDS for s in kept):
        return None
    if sum(len(content_words(s)) for s in kept) < MIN_CONTENT_WORDS:
        return None
    return " ".join(kept)
