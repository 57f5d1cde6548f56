"""`callsift cluster`: the theme clusterer on arbitrary sentences, for public benchmarks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from nlp.embed import load_embedder
from nlp.themes import build_clusterer, ctfidf_labels


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Input lines {"id", "text"}; a bad line is a CLI error naming it."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            items.append({"id": item["id"], "text": str(item["text"])})
        except (ValueError, KeyError, TypeError) as exc:
            raise typer.BadParameter(f"{path}:{n}: expected {{\"id\", \"text\"}}: {exc}") from exc
    return items


def cluster_jsonl(path: Path) -> list[dict[str, Any]]:
    """Output lines {"id", "theme", "label"}; theme -1 is unassigned."""
    items = read_jsonl(path)
    texts = [i["text"] for i in items]
    labels = build_clusterer().cluster(load_embedder().embed(texts))
    names = ctfidf_labels(texts, labels)
    return [{"id": i["id"], "theme": int(lab),
             "label": ", ".join(names.get(int(lab), [])) if lab >= 0 else None}
            for i, lab in zip(items, labels, strict=True)]
