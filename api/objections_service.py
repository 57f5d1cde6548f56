"""Objection themes with their quotes, and the rep answers ranked by the calls they win."""

from __future__ import annotations

from collections import defaultdict

from api.themes_service import CallFilter, list_themes, theme_rows
from models.insight_schemas import AnswerGroup, InsightQuote, ObjectionTheme
from models.store import InsightRow, Store
from nlp.embed import Embedder
from nlp.lift import wilson_interval
from nlp.phrasings import group_variants

MIN_DECIDED_CALLS = 5


def objection_theme(store: Store, embedder: Embedder, theme_id: int,
                    only: CallFilter | None = None) -> ObjectionTheme | None:
    """A theme's quotes (most confident first) and its answers ranked by win rate."""
    theme = next((th for th in list_themes(store, "objection", only=only).themes
                  if th.id == theme_id), None)
    if theme is None and only is not None and only.active():
        # The theme exists but nothing in it matches the filter: an empty answer, not a 404.
        whole = objection_theme(store, embedder, theme_id)
        return whole.model_copy(update={"quotes": [], "answers": []}) if whole else None
    if theme is None:
        return None
    rows = [r for r in theme_rows(store, "objection", only) if r.theme_id == theme_id]
    rows.sort(key=lambda r: (-r.confidence, r.id))
    return ObjectionTheme(theme=theme, quotes=[_quote(r) for r in rows],
                          answers=rank_answers(rows, embedder))


def rank_answers(rows: list[InsightRow], embedder: Embedder) -> list[AnswerGroup]:
    """Group similar answers; rank groups by the win rate of their calls, then by reach."""
    answered = [r for r in rows if r.payload.get("answer")]
    if not answered:
        return []
    texts = [str(r.payload["answer"]) for r in answered]
    groups = group_variants(embedder.embed(texts), texts=texts)
    members: dict[int, list[InsightRow]] = defaultdict(list)
    for r, g in zip(answered, groups, strict=True):
        members[int(g)].append(r)
    out = [_answer_group(m) for m in members.values()]
    return sorted(out, key=lambda a: (not a.enough_data, -(a.win_rate or 0.0), -a.calls))


def _answer_group(rows: list[InsightRow]) -> AnswerGroup:
    outcome = {r.call_id: r.outcome for r in rows}
    won = sum(1 for o in outcome.values() if o == "won")
    lost = sum(1 for o in outcome.values() if o == "lost")
    decided = won + lost
    enough = decided >= MIN_DECIDED_CALLS
    low, high = wilson_interval(won, decided)
    examples = list(dict.fromkeys(str(r.payload["answer"]) for r in rows))
    return AnswerGroup(answer=examples[0], examples=examples[:5], calls=len(outcome), won=won,
                       lost=lost, win_rate=round(won / decided, 3) if enough else None,
                       ci_low=round(low, 3) if enough else None,
                       ci_high=round(high, 3) if enough else None, enough_data=enough)


def _quote(r: InsightRow) -> InsightQuote:
    return InsightQuote(sentence_id=r.sentence_id, text=r.text, speaker=r.speaker,
                        call_id=r.call_id, external_id=r.external_id, call_title=r.call_title,
                        call_date=r.call_date, outcome=r.outcome, category=r.category,
                        confidence=r.confidence)
