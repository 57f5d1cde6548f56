"""Theme upkeep: full re-cluster with stable ids, and incremental assignment of new insights."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from models.domain import THEME_SOURCES
from models.store import InsightRow, Store, ThemeWrite
from nlp.theme_phrases import PhraseTagger, load_phrase_tagger
from nlp.themes import (
    assign_to_themes,
    build_clusterer,
    cluster_within_groups,
    map_to_previous,
    theme_labels,
    unit_centroids,
)
from workers.settings import get_settings

log = logging.getLogger(__name__)
# Objection themes are clustered within each category, so a theme never mixes categories.
GROUPED_BY_CATEGORY = frozenset({"objection"})


@dataclass(frozen=True)
class ReclusterResult:
    """What a re-cluster did."""

    type: str
    items: int
    themes: int
    unassigned: int

    @property
    def unassigned_share(self) -> float:
        """Share of items in no theme."""
        return self.unassigned / self.items if self.items else 0.0


def theme_items(store: Store, theme_type: str, model: str,
                dim: int) -> tuple[list[InsightRow], np.ndarray]:
    """The insights a theme type clusters, with their sentence vectors (same order)."""
    kind, category = THEME_SOURCES[theme_type]
    rows = [r for r in store.insights.rows(type=kind, category=category) if r.sentence_id]
    ids, vecs = store.feed.vectors_of([r.sentence_id for r in rows if r.sentence_id], model, dim)
    by_id = {int(i): v for i, v in zip(ids, vecs, strict=True)}
    rows = [r for r in rows if r.sentence_id in by_id]
    matrix = np.array([by_id[r.sentence_id] for r in rows if r.sentence_id],
                      dtype=np.float32).reshape(-1, dim)
    return rows, matrix


def recluster(store: Store, theme_type: str, model: str, dim: int, *,
              tagger: PhraseTagger | None = None) -> ReclusterResult:
    """Cluster every insight of a type; new clusters take the old ids they overlap most."""
    rows, matrix = theme_items(store, theme_type, model, dim)
    groups = [r.category for r in rows] if theme_type in GROUPED_BY_CATEGORY else None
    labels = (cluster_within_groups(build_clusterer(), matrix, groups) if len(rows)
              else np.zeros(0, dtype=int))
    old = np.array([r.theme_id if r.theme_id is not None else -1 for r in rows], dtype=int)
    existing = {th.id for th in store.themes.themes(theme_type)}
    stable = map_to_previous(labels, old) if len(rows) else {}
    names = people(store, rows)
    tagger = tagger or load_phrase_tagger(get_settings().spacy_model)
    named = theme_labels([r.text or "" for r in rows], matrix, labels, tagger, names=names)
    centroids = unit_centroids(matrix, labels)
    writes = []
    for lab in sorted(set(labels.tolist()) - {-1}):
        name = named[lab]
        writes.append(ThemeWrite(key=lab, id=stable[lab] if stable[lab] in existing else None,
                                 label=name.label[:500], keyphrases=name.phrases,
                                 representative_sentence_id=rows[name.representative].sentence_id,
                                 centroid=centroids[lab].astype(np.float32)))
    store.themes.replace(theme_type, writes, {
        r.id: (None if lab == -1 else int(lab)) for r, lab in zip(rows, labels, strict=True)})
    result = ReclusterResult(theme_type, len(rows), len(writes), int((labels == -1).sum()))
    log.info("re-clustered %s: %s", theme_type, result)
    return result


def people(store: Store, rows: list[InsightRow]) -> set[str]:
    """Names a label must not contain: the speakers of these insights and every rep."""
    reps = {n for names in store.search.call_reps().values() for n in names}
    return reps | {r.speaker for r in rows if r.speaker}


def nearest_themes(store: Store, theme_type: str, vectors: np.ndarray,
                   categories: list[str] | None = None) -> list[int | None]:
    """The stable theme id each vector joins now, or None until the next re-cluster. For a
    type clustered by category, pass each vector's category: it only joins a theme of it."""
    themes = store.themes.themes(theme_type)
    if not themes or len(vectors) == 0:
        return [None] * len(vectors)
    theme_groups = None
    if categories is not None and theme_type in GROUPED_BY_CATEGORY:
        by_id = store.themes.categories(theme_type, THEME_SOURCES[theme_type][0])
        theme_groups = [by_id.get(th.id) for th in themes]
    rows = assign_to_themes(vectors, np.array([th.centroid for th in themes]),
                            groups=categories if theme_groups else None,
                            theme_groups=theme_groups)
    return [None if r < 0 else themes[int(r)].id for r in rows]
