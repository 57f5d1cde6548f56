"""Sidecar metadata files: `call-07.meta.json` or `call-07.vtt.meta.json` next to `call-07.vtt`."""

from __future__ import annotations

from pathlib import Path

from models.domain import CallMeta
from nlp.errors import InvalidMetadata
from nlp.parse.json_format import load_json_object
from nlp.parse.metadata import read_meta

SIDECAR_SUFFIX = ".meta.json"


def is_sidecar_name(name: str) -> bool:
    """True for a file name that names a sidecar, which is never a transcript."""
    return name.lower().endswith(SIDECAR_SUFFIX)


def find_sidecar(path: Path) -> Path | None:
    """The sidecar of a transcript file, if one exists: `NAME.vtt.meta.json` or `NAME.meta.json`."""
    if is_sidecar_name(path.name):
        return None
    candidates = [path.with_name(path.name + SIDECAR_SUFFIX)]
    if path.suffix:
        candidates.append(path.with_name(path.stem + SIDECAR_SUFFIX))
    return next((c for c in candidates if c.is_file()), None)


def read_sidecar(data: bytes) -> CallMeta:
    """Validate sidecar bytes (UTF-8 JSON object) into CallMeta with only the given keys set."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidMetadata(f"The sidecar metadata is not UTF-8 text: {exc.reason}.") from exc
    if not text.strip():
        return CallMeta()
    raw = load_json_object(text, "sidecar metadata")
    if "utterances" in raw:
        raw = {k: v for k, v in raw.items() if k != "utterances"}
    return read_meta(raw, "the sidecar")
