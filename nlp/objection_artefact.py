"""The trained objection model as a versioned artefact, built once and cached on disk.

The key is a hash of the embedder's identity, the examples file's bytes and the training
settings, so any change to one of them builds a new artefact, and the same inputs always give
the same one (training is seeded). The file lives in the model cache directory beside the ONNX
export (CALLSIFT_MODEL_CACHE_DIR; the Dockerfile bakes it into the image), and is written
atomically so concurrent workers never read half a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from nlp.embed import Embedder
from nlp.objection_training import (
    EXAMPLES_PATH,
    Example,
    ObjectionModel,
    TrainingSettings,
    load_examples,
    train_objection_model,
)

log = logging.getLogger(__name__)


def artefact_key(embedder_name: str, examples_path: Path = EXAMPLES_PATH,
                 settings: TrainingSettings | None = None) -> str:
    """Short hash naming one (embedder, examples, settings) combination."""
    settings = settings or TrainingSettings()
    digest = hashlib.blake2b(digest_size=8)
    for part in (embedder_name.encode(), examples_path.read_bytes(), settings.key().encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def artefact_path(cache_dir: Path, embedder_name: str,
                  settings: TrainingSettings | None = None) -> Path:
    """Where the model for an embedder lives in the cache directory."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in embedder_name)
    return cache_dir / f"objections-{safe}-{artefact_key(embedder_name, settings=settings)}.pkl"


def base_model(embedder_name: str) -> str:
    """The model folder or package an embedder's name stands for (int8 shares its weights)."""
    return embedder_name.removesuffix("+int8")


def fine_tuned_encoder(embedder: Embedder, cache_dir: Path, settings: TrainingSettings,
                       examples: list[Example]) -> tuple[Embedder, str]:
    """The fine-tuned copy of the embedder's model for these examples: loaded, or built once."""
    from nlp.objection_encoder import finetune, load_encoder

    name = artefact_path(cache_dir, embedder.name, settings).stem.replace(
        "objections-", "objection-encoder-", 1)
    folder = cache_dir / name
    if not _exists(folder / "modules.json"):
        finetune(base_model(embedder.name), examples, folder, settings.finetune_epochs)
    return load_encoder(folder), name


def _read(path: Path) -> ObjectionModel | None:
    try:
        with path.open("rb") as f:
            model = pickle.load(f)  # our own artefact, written by load_or_train
        return model if isinstance(model, ObjectionModel) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        log.warning("objection model %s unreadable (%s); retraining", path, exc)
        return None


def _exists(path: Path) -> bool:
    """is_file() that reads "not allowed to look" as absent instead of raising."""
    try:
        return path.is_file()
    except OSError:
        return False


def load_or_train(embedder: Embedder, cache_dir: Path,
                  settings: TrainingSettings | None = None) -> ObjectionModel:
    """The cached model for this embedder and the bundled examples; trained on a miss."""
    settings = settings or TrainingSettings()
    path = artefact_path(cache_dir, embedder.name, settings)
    model = _read(path) if _exists(path) else None
    if model is not None and (model.encoder_dir is None
                              or _exists(cache_dir / model.encoder_dir / "modules.json")):
        return model
    log.info("training the objection model for %s (once; cached at %s)", embedder.name, path)
    examples = load_examples()
    encoder, encoder_dir = (fine_tuned_encoder(embedder, cache_dir, settings, examples)
                            if settings.finetune_epochs > 0 else (None, None))
    model = train_objection_model(embedder, examples, settings, encoder, encoder_dir)
    tmp = None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # built as root in the image, read by the service user
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:  # a read-only cache still gives a working model
        log.warning("could not cache the objection model at %s: %s", path, exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return model
