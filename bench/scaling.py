"""Sizing: from measured per-worker ingest rates to the workers and RAM an org needs.

The projection is arithmetic on the figures bench/ingest.py measures; it assumes what it
prints (sentences per call, the hours calls arrive in, the headroom kept for peaks).
"""

from __future__ import annotations

import math
from typing import Any

CALLS_PER_WEEK = 100_000
# Calls arrive in business hours (5 days x 10 h); a worker pool sized for that rate with
# 50% headroom clears a Monday-morning backlog instead of trailing it all week.
ARRIVAL_HOURS_PER_WEEK = 5 * 10
HEADROOM = 0.5
# A 30-45 minute recorded sales call: ~150 words a minute, ~13 words a sentence.
LONG_CALL_SENTENCES = 450


def sample_sentences_per_call() -> tuple[float, int]:
    """Mean sentences per call over examples/calls (as the pipeline splits them), and count."""
    from pathlib import Path

    from nlp.parse import parse_transcript
    from workers.runtime import get_runtime

    folder = Path(__file__).resolve().parents[1] / "examples" / "calls"
    rt = get_runtime()
    counts = []
    for path in sorted(folder.iterdir()):
        if (path.name.endswith(".meta.json") or path.name in {"README.md", "roster.json"}
                or path.suffix not in {".txt", ".vtt", ".srt", ".json", ".md"}):
            continue
        side = next((p for p in (path.with_suffix(".meta.json"),
                                 path.with_name(path.name + ".meta.json")) if p.exists()), None)
        try:
            parsed = parse_transcript(path.read_bytes(), filename=path.name,
                                      sidecar=side.read_bytes() if side else None)
        except Exception:  # noqa: BLE001 - README and other non-transcripts
            continue
        counts.append(len(rt.pipeline.analyze(parsed, rt.roster()).sentences))
    return (sum(counts) / len(counts) if counts else 0.0), len(counts)


def project(*, one_worker_rate: float, two_worker_rate: float | None, worker_rss_mib: float,
            cores: int, sentences_per_call: float) -> dict[str, Any]:
    """Workers, cores and RAM for CALLS_PER_WEEK at `sentences_per_call`."""
    weekly = CALLS_PER_WEEK * sentences_per_call
    need_rate = weekly / (ARRIVAL_HOURS_PER_WEEK * 3600) / (1 - HEADROOM)
    # The 1-vs-2 figure on this box says whether a second worker on the same cores adds
    # throughput; if not (CPU-bound), a worker is worth `cores` cores and scales by machine.
    same_box_gain = (two_worker_rate / one_worker_rate) if two_worker_rate else None
    workers = max(1, math.ceil(need_rate / one_worker_rate))
    return {
        "calls_per_week": CALLS_PER_WEEK, "sentences_per_call": round(sentences_per_call, 1),
        "sentences_per_week": round(weekly), "arrival_hours_per_week": ARRIVAL_HOURS_PER_WEEK,
        "headroom": HEADROOM, "needed_sentences_per_s": round(need_rate, 1),
        "one_worker_sentences_per_s": round(one_worker_rate, 1),
        "two_workers_same_box_gain": round(same_box_gain, 2) if same_box_gain else None,
        "cores_per_worker": cores, "workers": workers, "cores": workers * cores,
        "worker_rss_mib": round(worker_rss_mib), "worker_ram_gib":
            round(workers * worker_rss_mib / 1024 * 1.25, 1),  # 25% over the measured peak
        "average_sentences_per_s": round(weekly / (7 * 24 * 3600), 1),
    }


def describe(p: dict[str, Any]) -> str:
    """The projection as one paragraph (printed by the bench and quoted in the README)."""
    gain = p["two_workers_same_box_gain"]
    gain_text = (f"a second worker on the same {p['cores_per_worker']} cores gave x{gain:.2f} "
                 f"(one worker leaves some CPU idle while it waits on the database and broker; "
                 f"on a shared box part of it is a bigger share of the CPU), so the count "
                 f"below, at one worker per {p['cores_per_worker']} cores, is conservative; "
                 if gain else "")
    return (f"{p['calls_per_week']:,} calls a week at {p['sentences_per_call']:.0f} sentences a "
            f"call is {p['sentences_per_week']:,} sentences; arriving in "
            f"{p['arrival_hours_per_week']} business hours with {p['headroom']:.0%} headroom that "
            f"needs {p['needed_sentences_per_s']:.0f} sentences/s. One worker on "
            f"{p['cores_per_worker']} cores ingests {p['one_worker_sentences_per_s']:.0f} "
            f"sentences/s; {gain_text}so: {p['workers']} worker(s), {p['cores']} cores, "
            f"{p['worker_ram_gib']:.1f} GiB RAM for workers (peak RSS {p['worker_rss_mib']} MiB "
            f"each, +25%).")
