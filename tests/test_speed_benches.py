"""The speed benchmarks run end to end at tiny sizes (figures are not checked: no timing)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.model


def _run(module: str, args: list[str], results, timeout: float = 300) -> dict:
    env = {**os.environ, "CALLSIFT_BENCH_RESULTS": str(results)}
    proc = subprocess.run([sys.executable, "-m", f"bench.{module}", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return json.loads((results / f"{module}.json").read_text())


def test_search_scale_bench_serves_a_bulk_stored_corpus_and_compares_with_the_floor(tmp_path):
    res = _run("search_scale", ["--sizes", "1200", "--queries", "6", "--warmup", "2",
                                "--flat-queries", "2"], tmp_path)
    [size] = res["sizes"]
    assert size["size"] >= 1200 and size["index_kind"] == "flat"
    assert size["http"]["errors"] == 0 and size["http"]["mean_hits"] > 0
    assert 0.0 <= size["recall_at_10"] <= 1.0
    assert {"query encode", "keyword: rare-word matches (FTS)", "hit rows (DB)"} <= set(
        size["stages"])


def test_themes_bench_clusters_and_reports_outliers(tmp_path):
    res = _run("themes", ["--sizes", "600", "--real-upto", "0", "--bertopic-max", "0"],
               tmp_path)
    [size] = res["sizes"]
    assert size["vectors"] == "synthesised" and size["callsift"]["themes"] > 0
    assert 0.0 <= size["callsift"]["outlier_share"] <= 1.0


@pytest.mark.skipif(importlib.util.find_spec("locust") is None,
                    reason="locust is in the bench extra")
def test_load_bench_counts_requests_and_errors(tmp_path):
    res = _run("load", ["--sentences", "1200", "--users", "3", "--seconds", "3",
                        "--queries", "50"], tmp_path)
    assert res["requests"] > 0 and res["failures"] == 0
