"""The quality harness runs on small slices and prints its table (no score thresholds)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.model


def test_quality_harness_smoke_prints_the_table(shared_data):
    result = subprocess.run([sys.executable, "-m", "bench.quality", "--smoke"], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    for measure in ("objections F1 (B2B calls)", "objections F1 (PersuasionForGood dev)",
                    "decoys flagged", "themes ACC", "precision@10", "coined cluster recall",
                    "persona pains", "persona tools", "lift: best rep strategy",
                    "search hit@10", "off-topic queries with no hits"):
        assert measure in result.stdout
