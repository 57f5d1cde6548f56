"""`callsift analyze`: the pipeline's view of one file, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from nlp.errors import NLPError
from nlp.parse import parse_transcript
from workers.runtime import get_runtime


def analyze_file(path: Path, sidecar: Path | None) -> dict[str, Any]:
    """Parse, resolve roles and split sentences; raise a CLI error on bad input."""
    rt = get_runtime()
    try:
        parsed = parse_transcript(path.read_bytes(), filename=path.name,
                                  sidecar=sidecar.read_bytes() if sidecar else None,
                                  max_bytes=rt.settings.max_upload_bytes)
    except (NLPError, OSError) as exc:
        raise typer.BadParameter(f"{path}: {exc}") from exc
    analyzed = rt.pipeline.analyze(parsed, rt.roster())
    return {
        "file": str(path),
        "sidecar": str(sidecar) if sidecar else None,
        "format": parsed.format,
        "meta": parsed.meta.model_dump(mode="json"),
        "notes": parsed.notes,
        "roles": {k: v.model_dump() for k, v in analyzed.roles.items()},
        "turns": [t.model_dump() for t in parsed.turns],
        "sentences": [s.model_dump() for s in analyzed.sentences],
    }
