"""Summary lines per benchmark for bench/run_all.py: (measure, value, target, verdict).

Each function reads the JSON its benchmark wrote. The verdict is "ok", "miss", or "" when
the line has no target.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Row = tuple[str, str, str, str]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "miss"


def quality(r: dict[str, Any]) -> list[Row]:
    """Objection F1 and theme accuracy on the public sets."""
    out: list[Row] = []
    det = r.get("objections", {}).get("detector")
    if det:
        out.append(("objections F1 (PersuasionForGood)", f"{det['f1']:.3f}", ">= 0.80",
                    _verdict(det["f1"] >= 0.80)))
    themes = r.get("themes", {}).get("results", {})
    chosen = next((v for k, v in themes.items() if k.startswith("chosen")), None)
    if chosen:
        out.append(("themes ACC (DSTC11)", f"{chosen['acc']:.3f}", ">= 0.75",
                    _verdict(chosen["acc"] >= 0.75)))
        out.append(("themes unassigned (DSTC11)", f"{chosen['outliers']:.1%}", "< 20%",
                    _verdict(chosen["outliers"] < 0.20)))
    return out or [("(see its table)", "", "", "")]


def ingest(r: dict[str, Any]) -> list[Row]:
    """End-to-end ingest rate against the raw encode rate, per worker count if measured."""
    out: list[Row] = []
    raw = r["raw"]["sentences_per_s"]
    out.append(("ingest e2e / raw encode", f"{r['ratio']:.2f} ({r['e2e']['sentences_per_s']:.0f}"
                f" vs {raw:.0f} sent/s)", ">= 1.0", _verdict(r["ratio"] >= 1.0)))
    for key, val in r.items():  # e.g. a 2-worker run, if the benchmark adds one
        if key.startswith("ratio_") and isinstance(val, int | float) and key != "ratio":
            out.append((f"  {key.removeprefix('ratio_').replace('_', ' ')}", f"{val:.2f}", "", ""))
    return out


def floor_p95(size: dict[str, Any]) -> float:
    """The floor: encode + raw FAISS on the served index; below the IVF threshold that is
    exact search, so the faster of the two exact measurements counts."""
    floor = float(size["floor"]["p95_ms"])
    if size["index_kind"] == "flat":
        floor = min(floor, float(size["floor_flat"]["p95_ms"]))
    return floor


def search_scale(r: dict[str, Any]) -> list[Row]:
    """p95 and ratio to the floor at each size, and IVF recall."""
    out: list[Row] = []
    for s in r["sizes"]:
        n, p95 = s["size"], s["http"]["p95_ms"]
        label = f"{round(n, -6) / 1e6:g}M" if n >= 1e6 else f"{round(n, -3) / 1e3:g}k"
        floor = floor_p95(s)
        out.append((f"search p95 at {label} ({s['index_kind']})",
                    f"{p95:.1f} ms", "<= 50 ms at 1M" if n >= 1_000_000 else "",
                    _verdict(p95 <= 50) if n >= 1_000_000 else ""))
        out.append((f"  HTTP / floor p95 at {label}",
                    f"{p95 / floor:.2f} (floor {floor:.1f} ms)", "<= 2.0",
                    _verdict(p95 / floor <= 2.0)))
        out.append((f"  recall@10 IVF vs flat at {label}", f"{s['recall_at_10']:.3f}", "", ""))
    return out


def themes(r: dict[str, Any]) -> list[Row]:
    """Clustering seconds against BERTopic, and both outlier shares."""
    out: list[Row] = []
    for s in r["sizes"]:
        c = s["callsift"]
        label = f"{s['size'] / 1e3:g}k"
        out.append((f"themes at {label}: callsift", f"{c['seconds']:.1f} s, "
                    f"{c['outlier_share']:.1%} unassigned", "", ""))
        if "bertopic" in s:
            b, on = s["bertopic"], s["bertopic_on"]
            sub = "" if on == s["size"] else f" (on {on / 1e3:g}k)"
            out.append((f"  BERTopic{sub}", f"{b['seconds']:.1f} s, "
                        f"{b['outlier_share']:.1%} unassigned", "", ""))
            out.append((f"  speed-up vs BERTopic{sub}", f"{s['speedup']:.1f}x", "> 1x (faster)",
                        _verdict(s["speedup"] > 1)))
    return out


def load(r: dict[str, Any]) -> list[Row]:
    """Errors and throughput under concurrent load."""
    return [(f"load: {r['users']} clients x {r['seconds']} s, errors", str(r["failures"]),
             "0", _verdict(r["failures"] == 0)),
            ("  throughput", f"{r['rps']:.1f} req/s ({r['requests']:,} requests)", "", ""),
            ("  latency under load p50 / p95", f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f} ms",
             "", "")]


def memory(r: dict[str, Any]) -> list[Row]:
    """Worker RSS over many calls: flat or growing."""
    return [(f"memory: worker RSS slope over {r['calls']:,} calls",
             f"{r['slope_mib_per_1000_calls']:.1f} MiB / 1k calls "
             f"(peak {r['peak_rss_mib']:.0f} MiB)",
             "flat", _verdict(bool(r["flat"])))]


SUMMARIES: dict[str, Callable[[dict[str, Any]], list[Row]]] = {
    "quality": quality, "ingest": ingest, "search_scale": search_scale, "themes": themes,
    "load": load, "memory": memory,
}
