"""Objection themes with their quotes, and the rep answers ranked by the calls they win.

Only answers that carry content are ranked (nlp/answers.py drops "Okay. How's that going?"),
and every group shows its sample: calls, and how many of them were decided (won + lost).
"""

from __future__ import annotations

from collections import defaultdict

from api.themes_service import CallFilter, list_themes, theme_rows
from models.insight_schemas import AnswerGroup, InsightQuote, ObjectionTheme
from models.store import InsightRow, Store
from nlp.answers import substantive_answer
from nlp.embed import Embedder
from nlp.lift import wilson_interval
from nlp.phrasings import group_variants

MIN_DECIDED_CALLS = 5


def objection_theme(store: Store, embedder: Embedder, theme_id: int,
                    only: CallFilter | None = None) -> ObjectionTheme | None:
    """A theme's quotes (its most typical one first, then the most confident) and its
    answers ranked by win rate."""
    theme = next((th for th in list_themes(store, "objection", only=only).themes
                  if th.id == theme_id), None)
    if theme is None and only is not None and only.active():
        # The theme exists but nothing in it matches the filter: an empty answer, not a 404.
        whole = objection_theme(store, embedder, theme_id)
        return whole.model_copy(update={"quotes": [], "answers": []}) if whole else None
    if theme is None:
        return None
    rows = [r for r in theme_rows(store, "objection", only) if r.theme_id == theme_id]
    headline = store_representative(store, theme_id)
    rows.sort(key=lambda r: (r.sentence_id != headline, -r.confidence, r.id))
    return ObjectionTheme(theme=theme, quotes=[_quote(r) for r in rows],
                          answers=rank_answers(rows, embedder))


def rank_answers(rows: list[InsightRow], embedder: Embedder) -> list[AnswerGroup]:
    """Group similar contentful answers; rank groups by the win rate of their calls, then by
    reach. Filler and questions are dropped before grouping."""
    cores = [(r, substantive_answer(str(r.payload.get("answer") or ""))) for r in rows]
    answered = [r for r, core in cores if core]
    texts = [core for _, core in cores if core]
    if not answered:
        return []
    groups = group_variants(embedder.embed(texts), texts=texts)
    members: dict[int, list[tuple[InsightRow, str]]] = defaultdict(list)
    for r, text, g in zip(answered, texts, groups, strict=True):
        members[int(g)].append((r, text))
    out = [_answer_group(m) for m in members.values()]
    return sorted(out, key=lambda a: (not a.enough_data, -(a.win_rate or 0.0), -a.calls))


def _answer_group(members: list[tuple[InsightRow, str]]) -> AnswerGroup:
    outcome = {r.call_id: r.outcome for r, _ in members}
    won = sum(1 for o in outcome.values() if o == "won")
    lost = sum(1 for o in outcome.values() if o == "lost")
    decided = won + lost
    enough = decided >= MIN_DECIDED_CALLS
    low, high = wilson_interval(won, decided)
    examples = list(dict.fromkeys(text for _, text in members))
    return AnswerGroup(answer=examples[0], examples=examples[:5], calls=len(outcome), won=won,
                       lost=lost, decided=decided,
                       win_rate=round(won / decided, 3) if enough else None,
                       ci_low=round(low, 3) if enough else None,
                       ci_high=round(high, 3) if enough else None, enough_data=enough)


def store_representative(store: Store, theme_id: int) -> int | None:
    """The sentence the re-cluster chose as the theme's most typical member."""
    theme = next((th for th in store.themes.themes("objection") if th.id == theme_id), None)
    return theme.representative_sentence_id if theme else None


def _quote(r: InsightRow) -> InsightQuote:
    return InsightQuote(sentence_id=r.sentence_id, text=r.text, speaker=r.speaker,
                        call_id=r.call_id, external_id=r.external_id, call_title=r.call_title,
                        call_date=r.call_date, outcome=r.outcome, category=r.category,
                        confidence=r.confidence)
