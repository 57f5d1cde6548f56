"""Rep-coined phrasings: find the images reps invent, quote them whole, group their variants.

A phrasing is a group of rep quotes that carry the same image (one rep's rewordings, or
other reps' borrowings). A quote is the sentence that carries the image, with the
neighbouring sentences of the same turn when the image runs on into them. Each group gets
five parts in [0, 1]: figurative (the image evidence of nlp/phrasing_cues.py), distinctiveness
(rare words, far from the messaging library), resonance (the prospect's next turn), spread
(calls and reps using it) and lift (win rate with vs without, neutral 0.5 until there is
enough data). Small talk and scripted lines never enter. Pure functions over arrays; the
caller embeds and parses.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nlp.lift import Lift, distinctiveness, idf_rarity, lift_part, outcome_lift, spread_score
from nlp.phrasing_cues import (
    CALL_RARE_MAX,
    CANDIDATE_MIN,
    PHRASING_MIN,
    content_words,
    figurative_score,
    image_parts,
    resonance_score,
    thing_words,
)
from nlp.phrasing_groups import (
    VARIANT_THRESHOLD,
    bigram_overlap,
    boilerplate_mask,
    group_variants,
    library_similarity,
)

__all__ = ["PHRASING_MIN", "VARIANT_THRESHOLD", "CorpusSentence", "Phrasing", "Variant",
           "bigram_overlap", "boilerplate_mask", "call_image_scores", "content_words",
           "figurative_score",
           "group_variants", "library_similarity", "messaging_gap", "rank_phrasings",
           "resonance_score", "singleton_phrasing"]

# Total = weighted sum of the parts. Figurative leads because the other parts describe how a
# line lands, not whether it is a coined image; lift is small because decided calls are few.
WEIGHTS: Mapping[str, float] = {"figurative": 0.5, "distinctiveness": 0.1, "resonance": 0.15,
                                "spread": 0.15, "lift": 0.1}
# Images are stricter: different images that share a thing ("a smoke alarm that opens the
# windows" vs "a smoke alarm that shuts the fire doors") reach 0.45-0.53.
IMAGE_VARIANT_THRESHOLD = 0.55
# A sentence too plain to lead a group can still join one when this close and on its thing.
ATTACH_THRESHOLD = 0.6
MAX_QUOTE_SENTENCES = 3
ELABORATION_WORDS = 14
# A sentence that opens like this leans on the one before it ("And the map is what ...").
CONTINUES = re.compile(r"^\W*(?:and|so|but|or|which|then|that|it|it's|that's|they|you|we|"
                       r"nobody|everyone|every|because|while|until|except)\b", re.I)
# MiniLM paraphrases sit at 0.3-0.5, so a claim no rep line reaches 0.4 is one reps never say.
GAP_THRESHOLD = 0.4


@dataclass(frozen=True)
class CorpusSentence:
    """One rep sentence with its call and the prospect turn that followed it, if any."""

    sentence_id: int
    call_id: int
    speaker: str
    role: str
    text: str
    turn_index: int
    next_turn_text: str | None = None


@dataclass(frozen=True)
class Variant:
    """One use of a phrasing: the quote, where it was said and how the prospect reacted."""

    row: int
    sentence_id: int
    call_id: int
    speaker: str
    text: str
    reaction: str | None
    figurative: float
    resonance: float
    sentence_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Phrasing:
    """A group of variants with its score parts, total and evidence."""

    group_id: int
    text: str
    variants: tuple[Variant, ...]
    speakers: tuple[str, ...]
    calls: tuple[int, ...]
    scores: Mapping[str, float]
    total: float
    lift: Lift
    library_similarity: float | None
    evidence: tuple[str, ...]


def rarity_checks(sents: Sequence[CorpusSentence]) -> list[Callable[[str], bool]]:
    """Per sentence: is a thing word off its call's topic (said in at most one other sentence
    of the call, and in at most a quarter of the calls)?"""
    things = [set(thing_words(s.text)) for s in sents]
    per_call: dict[int, Counter[str]] = {}
    for s, ws in zip(sents, things, strict=True):
        per_call.setdefault(s.call_id, Counter()).update(ws)
    df: Counter[str] = Counter(w for c in per_call.values() for w in c)
    cap = max(3, math.ceil(0.25 * len(per_call)))

    def check(call: int) -> Callable[[str], bool]:
        counts = per_call[call]
        return lambda w: counts[w] - 1 <= CALL_RARE_MAX and df[w] <= cap

    return [check(s.call_id) for s in sents]


def call_image_scores(texts: Sequence[str]) -> list[float]:
    """Image score of each rep sentence of one call, rarity judged within that call."""
    sents = [CorpusSentence(sentence_id=i, call_id=0, speaker="", role="rep", text=t,
                            turn_index=i) for i, t in enumerate(texts)]
    return [figurative_score(s.text, rare) for s, rare in zip(sents, rarity_checks(sents),
                                                               strict=True)]


def quote_span(sents: Sequence[CorpusSentence], row: int, things: Sequence[set[str]],
               scores: np.ndarray, floor: float) -> tuple[int, ...]:
    """Rows of the whole image around `row`: neighbours in the same turn that carry it on."""
    def same_turn(j: int) -> bool:
        return 0 <= j < len(sents) and sents[j].call_id == sents[row].call_id \
            and sents[j].turn_index == sents[row].turn_index

    span = [row]
    while len(span) < MAX_QUOTE_SENTENCES and same_turn(span[0] - 1):
        prev, cur = span[0] - 1, span[0]
        shared = things[prev] & things[cur]
        leans = CONTINUES.search(sents[cur].text) and scores[prev] >= floor and things[prev]
        if not (shared or leans):
            break
        span.insert(0, prev)
    while len(span) < MAX_QUOTE_SENTENCES and same_turn(span[-1] + 1):
        nxt, cur = span[-1] + 1, span[-1]
        text = sents[nxt].text
        # The image runs on: the next sentence shares its thing, or leans on it and either
        # pictures something itself or is a short elaboration ("You pick the speed, we keep it").
        leans = CONTINUES.search(text) and not text.rstrip().endswith("?") and (
            things[nxt] or len(text.split()) <= ELABORATION_WORDS)
        if not (things[nxt] & things[cur] or leans):
            break
        span.append(nxt)
    return tuple(span)


@dataclass(frozen=True)
class _Quote:
    head: int              # the row with the strongest image
    rows: tuple[int, ...]  # the rows the quote spans, in order
    score: float


def _quotes(sents: Sequence[CorpusSentence], fig: np.ndarray, things: Sequence[set[str]],
            ok: np.ndarray) -> list[_Quote]:
    """One quote per image: strongest candidates first, each spanning the sentences it needs."""
    taken: set[int] = set()
    out = []
    for i in np.argsort(-fig, kind="stable"):
        if fig[i] < CANDIDATE_MIN:
            break
        if not ok[i] or int(i) in taken:
            continue
        span = tuple(r for r in quote_span(sents, int(i), things, fig, CANDIDATE_MIN)
                     if r == i or (r not in taken and ok[r]))
        taken.update(span)
        out.append(_Quote(head=int(i), rows=span, score=float(fig[i])))
    return out


def _unit_vectors(vectors: np.ndarray, quotes: Sequence[_Quote]) -> np.ndarray:
    """The vector of each quote's image sentence (its run-on sentences would dilute it)."""
    return np.asarray(vectors[[q.head for q in quotes]])


def _text(sents: Sequence[CorpusSentence], rows: Sequence[int]) -> str:
    return " ".join(sents[r].text.strip() for r in rows)


def _grouped(sents: Sequence[CorpusSentence], vectors: np.ndarray, fig: np.ndarray,
             things: Sequence[set[str]], ok: np.ndarray) -> list[list[_Quote]]:
    """Quotes grouped into images; plain lines close to a group on its thing attached."""
    quotes = _quotes(sents, fig, things, ok)
    if not quotes:
        return []
    labels = group_variants(_unit_vectors(vectors, quotes), IMAGE_VARIANT_THRESHOLD,
                            texts=[sents[q.head].text for q in quotes])
    groups: dict[int, list[_Quote]] = {}
    for q, label in zip(quotes, labels, strict=True):
        groups.setdefault(int(label), []).append(q)
    # An image a rep reuses in another call (reworded: verbatim repeats are script) counts
    # from a weaker single use.
    kept = [g for _, g in sorted(groups.items()) if g[0].score >= PHRASING_MIN
            or len({sents[q.head].call_id for q in g}) >= 2]
    used = {r for q in quotes for r in q.rows}
    rest = [i for i in range(len(sents)) if ok[i] and i not in used and 0 < fig[i] < CANDIDATE_MIN
            and things[i]]
    if kept and rest:
        cents = np.stack([_unit_vectors(vectors, g).mean(axis=0) for g in kept])
        cents /= np.linalg.norm(cents, axis=1, keepdims=True)
        sims = vectors[rest] @ cents.T
        for k, (row, j) in enumerate(zip(rest, sims.argmax(axis=1), strict=True)):
            group_things = set().union(*(things[r] for q in kept[j] for r in q.rows))
            if sims[k, j] >= ATTACH_THRESHOLD and things[row] & group_things:
                kept[j].append(_Quote(head=row, rows=(row,), score=float(fig[row])))
    return kept


def _variant(sents: Sequence[CorpusSentence], q: _Quote, corpus_row: int,
             rep_text: str) -> Variant:
    s = sents[q.head]
    return Variant(row=corpus_row, sentence_id=s.sentence_id, call_id=s.call_id,
                   speaker=s.speaker, text=_text(sents, q.rows), reaction=s.next_turn_text,
                   figurative=q.score, resonance=resonance_score(
                       sents[q.rows[-1]].next_turn_text, rep_text),
                   sentence_ids=tuple(sents[r].sentence_id for r in q.rows))


def _evidence(variants: Sequence[Variant], limit: int = 4) -> tuple[str, ...]:
    """Quotes, best-received first: the rep line and the prospect's reply."""
    best = sorted(variants, key=lambda v: (-v.resonance, v.sentence_id))[:limit]
    return tuple(f'{v.speaker} (call {v.call_id}): "{v.text}"'
                 + (f' -> prospect: "{v.reaction}"' if v.reaction else "") for v in best)


def _build_phrasing(gid: int, variants: list[Variant], rarity: float, lib_sim: float | None,
                    outcomes: Mapping[int, str]) -> Phrasing:
    calls = tuple(sorted({v.call_id for v in variants}))
    speakers = tuple(sorted({v.speaker for v in variants}))
    lift = outcome_lift(set(calls), outcomes)
    scores = {"figurative": max(v.figurative for v in variants),
              "distinctiveness": distinctiveness(rarity, lib_sim or 0.0),
              "resonance": float(np.mean([v.resonance for v in variants])),
              "spread": spread_score(len(calls), len(speakers)), "lift": lift_part(lift)}
    total = sum(WEIGHTS[k] * scores[k] for k in WEIGHTS)
    return Phrasing(group_id=gid, text=variants[0].text, variants=tuple(variants),
                    speakers=speakers, calls=calls, scores=scores, total=float(total),
                    lift=lift, library_similarity=lib_sim, evidence=_evidence(variants))


def rank_phrasings(corpus: Sequence[CorpusSentence], vectors: np.ndarray,
                   outcomes: Mapping[int, str],
                   messaging_vectors: np.ndarray | None = None) -> list[Phrasing]:
    """Coined phrasings in rep sentences, best total first (ties by group id)."""
    rep = [i for i, s in enumerate(corpus) if s.role == "rep"]
    if not rep:
        return []
    sents, vecs = [corpus[i] for i in rep], np.asarray(vectors[rep], dtype=np.float32)
    parts = [image_parts(s.text, rare) for s, rare in zip(sents, rarity_checks(sents),
                                                          strict=True)]
    fig = np.array([p.score for p in parts])
    things = [set(p.vehicles) for p in parts]
    ok = ~boilerplate_mask([s.text for s in sents], vecs, [s.call_id for s in sents],
                           [s.speaker for s in sents], figurative=fig)
    ok &= np.array([not p.small_talk for p in parts])
    rarity = np.array(idf_rarity([set(content_words(s.text)) for s in sents]))
    lib = library_similarity(vecs, messaging_vectors)
    has_lib = messaging_vectors is not None and len(messaging_vectors) > 0
    out = []
    for gid, group in enumerate(_grouped(sents, vecs, fig, things, ok)):
        group.sort(key=lambda q: (-q.score, q.head))
        head = _text(sents, group[0].rows)
        variants = [_variant(sents, q, rep[q.head], head) for q in group]
        rows = [r for q in group for r in q.rows]
        out.append(_build_phrasing(gid, variants, float(np.mean(rarity[rows])),
                                   float(lib[rows].max()) if has_lib else None, outcomes))
    return sorted(out, key=lambda p: (-p.total, p.group_id))


def singleton_phrasing(gid: int, row: int, s: CorpusSentence, score: float) -> Phrasing:
    """One sentence as a phrasing of its own (for baselines), scored by the given number."""
    v = Variant(row=row, sentence_id=s.sentence_id, call_id=s.call_id, speaker=s.speaker,
                text=s.text, reaction=s.next_turn_text, figurative=score, resonance=0.0,
                sentence_ids=(s.sentence_id,))
    return Phrasing(group_id=gid, text=s.text, variants=(v,), speakers=(s.speaker,),
                    calls=(s.call_id,), scores={"figurative": score}, total=score,
                    lift=outcome_lift({s.call_id}, {}), library_similarity=None, evidence=())


def messaging_gap(phrasings: Sequence[Phrasing], messaging_texts: Sequence[str],
                  messaging_vectors: np.ndarray, rep_vectors: np.ndarray,
                  threshold: float = GAP_THRESHOLD,
                  ) -> tuple[list[tuple[Phrasing, float]], list[tuple[str, float]]]:
    """Phrasings far from the library, and library claims no rep line comes close to."""
    if len(messaging_texts) == 0:
        return [(p, 0.0) for p in phrasings], []
    far = []
    for p in phrasings:
        best = float((rep_vectors[[v.row for v in p.variants]] @ messaging_vectors.T).max())
        if best < threshold:
            far.append((p, best))
    said = (messaging_vectors @ rep_vectors.T).max(axis=1) if len(rep_vectors) else \
        np.zeros(len(messaging_texts))
    unsaid = [(t, float(s)) for t, s in zip(messaging_texts, said, strict=True) if s < threshold]
    return far, sorted(unsaid, key=lambda x: x[1])
