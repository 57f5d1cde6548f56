"""The detector version: which detectors a stored call's insights came from.

Each call records the version it was analysed with; `callsift reanalyze` re-runs the
detectors on every call whose version differs from the current one. The version changes
when any of these does:

- `DETECTOR_REVISION`: bump it with any code change that changes what a per-call detector
  finds (objections, personas, trackers, and anything else `workers/insights.py` runs);
- the detectors' bundled data, every file under `nlp/data/` (training examples, lexicons,
  cue lists; a trained artefact built from them is keyed by the same data);
- the embedder identity (vectors, and so the objection model, are per embedder);
- `extra` parts a caller passes, e.g. the key of a trained artefact stored elsewhere.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

# Bump (any new string) when a detector's code changes its output; every stored call then
# counts as stale and `callsift reanalyze` re-runs it.
# .3: reanalyze also writes the search fields (window, stems, vector side) of older calls.
DETECTOR_REVISION = "2026-12-01.3"
DATA_DIR = Path(__file__).parent / "data"


@cache
def data_fingerprint(data_dir: Path = DATA_DIR) -> str:
    """A hash of every file under the detectors' data folder (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def detector_version(embedder: str, *extra: str) -> str:
    """The version string stored with each analysed call (at most 64 characters)."""
    digest = hashlib.sha256("\0".join([embedder, data_fingerprint(), *extra]).encode())
    return f"{DETECTOR_REVISION[:40]}+{digest.hexdigest()[:16]}"
