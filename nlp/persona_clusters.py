"""Personas: call profiles clustered on weighted one-hot features, labelled, with win rates."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nlp.persona_profiles import PersonaProfile, value_of

FEATURE_WEIGHTS = {"seniority": 1.0, "function": 0.7, "industry": 1.0, "band": 1.0,
                   "tool": 0.35, "competitor": 0.5}
SENIORITY_LABELS = {"c_level": "C-level", "vp": "VP-level", "head": "Head-level",
                    "director": "Director-level", "manager": "Manager-level", "lead": "Lead-level",
                    "ic": "IC-level"}
BAND_LABELS = {"smb": "small", "mid-market": "mid-size", "enterprise": "enterprise"}


@dataclass(frozen=True)
class SignalFrequency:
    """How often a signal value occurs among a persona's calls."""

    kind: str
    value: str
    count: int
    frequency: float


@dataclass(frozen=True)
class Persona:
    """A cluster of call profiles with a descriptive label and outcome stats."""

    id: str
    label: str
    call_ids: tuple[str | None, ...]
    call_count: int
    won: int
    lost: int
    win_rate: float | None
    signals: tuple[SignalFrequency, ...]
    median_company_size: float | None = None
    median_team_size: float | None = None


def _categorical(p: PersonaProfile) -> list[tuple[str, str]]:
    pairs = [("seniority", value_of(p.seniority)), ("function", value_of(p.function)),
             ("industry", value_of(p.industry)), ("band", p.company_band)]
    out = [(k, v) for k, v in pairs if v]
    out += [("tool", t.value) for t in p.tools]
    out += [("competitor", c.value) for c in p.competitors]
    return out


def profile_features(profiles: Sequence[PersonaProfile]) -> tuple[np.ndarray, list[str]]:
    """Weighted one-hot features (seniority, function, industry, size band, tools, competitors)."""
    rows = [_categorical(p) for p in profiles]
    names = sorted({f"{k}={v}" for row in rows for k, v in row})
    col = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(profiles), len(names)), dtype=np.float64)
    for r, row in enumerate(rows):
        for k, v in row:
            matrix[r, col[f"{k}={v}"]] = FEATURE_WEIGHTS[k]
    return matrix, names


def cosine_distances(matrix: np.ndarray) -> np.ndarray:
    """Pairwise cosine distances; an all-zero row is at distance 1 from everything else."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    dist: np.ndarray = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    return dist


def cluster_labels(dist: np.ndarray, *, max_k: int = 8, min_silhouette: float = 0.05) -> np.ndarray:
    """Average-linkage clusters, k picked by silhouette (deterministic; ties go to smaller k)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import silhouette_score

    n = dist.shape[0]
    best, best_score = np.zeros(n, dtype=int), min_silhouette
    for k in range(2, min(max_k, n - 1) + 1):
        labels = AgglomerativeClustering(n_clusters=k, metric="precomputed",
                                         linkage="average").fit_predict(dist)
        score = float(silhouette_score(dist, labels, metric="precomputed"))
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best


def cluster_personas(profiles: Sequence[PersonaProfile], outcomes: Sequence[str],
                     *, max_k: int = 8) -> list[Persona]:
    """Cluster call profiles into labelled personas with signal frequencies and win rates."""
    if len(profiles) != len(outcomes):
        raise ValueError("profiles and outcomes must have the same length")
    if not profiles:
        return []
    matrix, _ = profile_features(profiles)
    labels = cluster_labels(cosine_distances(matrix), max_k=max_k) if len(profiles) > 2 else \
        np.zeros(len(profiles), dtype=int)
    members: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        members[int(lab)].append(i)
    groups = sorted(members.values(), key=lambda g: (-len(g), g[0]))
    personas, used = [], Counter[str]()
    for n, group in enumerate(groups, start=1):
        persona = _persona(f"persona-{n}", [profiles[i] for i in group],
                           [outcomes[i] for i in group])
        used[persona.label] += 1
        if used[persona.label] > 1:
            persona = Persona(**{**persona.__dict__,
                                 "label": f"{persona.label} (variant {used[persona.label]})"})
        personas.append(persona)
    return personas


def _persona(pid: str, profiles: list[PersonaProfile], outcomes: list[str]) -> Persona:
    counts = Counter(pair for p in profiles for pair in set(_categorical(p)))
    counts.update(("pain", v.value) for p in profiles for v in p.pains)
    counts.update(("goal", v.value) for p in profiles for v in p.goals)
    n = len(profiles)
    ordered = sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
    freqs = tuple(SignalFrequency(k, v, c, round(c / n, 3)) for (k, v), c in ordered)
    won, lost = outcomes.count("won"), outcomes.count("lost")
    companies = [p.company_size.number for p in profiles
                 if p.company_size and p.company_size.number]
    teams = [p.team_size.number for p in profiles if p.team_size and p.team_size.number]
    return Persona(
        id=pid, label=persona_label(freqs, n), call_ids=tuple(p.call_id for p in profiles),
        call_count=n, won=won, lost=lost,
        win_rate=round(won / (won + lost), 3) if won + lost else None, signals=freqs,
        median_company_size=float(np.median(companies)) if companies else None,
        median_team_size=float(np.median(teams)) if teams else None)


def persona_label(freqs: Sequence[SignalFrequency], n: int) -> str:
    """E.g. 'VP-level engineering leaders at mid-size fintech, AWS+Kubernetes'."""
    def top(kind: str, share: float = 0.5) -> list[str]:
        ranked = sorted((f for f in freqs if f.kind == kind), key=lambda f: (-f.count, f.value))
        return [f.value for f in ranked if f.frequency >= share]

    seniority = top("seniority")
    level = SENIORITY_LABELS.get(seniority[0], "") if seniority else "Mixed-seniority"
    role = "leaders"
    if seniority and seniority[0] in {"manager", "lead", "ic"}:
        role = "practitioners"
    function = (top("function") or ["cross-functional"])[0]
    industries = "/".join(top("industry")[:2])
    band = [BAND_LABELS[b] for b in top("band")[:1]]
    where = " ".join(band + [industries or ("companies across industries" if band else
                                            "mixed industries")])
    tools = "+".join(top("tool")[:2])
    label = f"{level} {function} {role} at {where}"
    return f"{label}, {tools}" if tools else label
