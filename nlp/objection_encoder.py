"""A sentence encoder fine-tuned for objections, built reproducibly from the search encoder.

The search encoder's vectors place "I'm on a tight budget" next to "that's within our budget":
they encode topic, not stance. Fine-tuning a copy of it with a triplet loss over the labelled
examples (label = category, or none) pulls sentences of one kind together and pushes pushback away
from its look-alikes. Only the objection classifier reads these vectors; search keeps the original.
Training is seeded, so the same base model, examples and settings give the same encoder; it is
saved beside the other artefacts in the model cache directory.
"""

from __future__ import annotations

import logging
import random
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp.embed import SentenceTransformerEmbedder
from nlp.objection_training import Example

log = logging.getLogger(__name__)

BATCH_SIZE = 32
WARMUP_STEPS = 20


def finetune(base_model: str, examples: Sequence[Example], target: Path, epochs: int,
             seed: int = 0) -> Path:
    """Fine-tune a copy of base_model on the examples into `target` (atomic rename)."""
    import torch
    from sentence_transformers import InputExample, SentenceTransformer, losses
    from torch.utils.data import DataLoader

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    from nlp.embed import resolve_model_path

    model = SentenceTransformer(resolve_model_path(base_model), device="cpu",
                                local_files_only=True)
    labels = sorted({e.label for e in examples})
    rows = [InputExample(texts=[e.text], label=labels.index(e.label)) for e in examples]
    loader = DataLoader(rows, shuffle=True, batch_size=BATCH_SIZE,  # type: ignore[arg-type]
                        generator=torch.Generator().manual_seed(seed))
    loss = losses.BatchAllTripletLoss(model)
    log.info("fine-tuning the objection encoder on %d examples (once; cached at %s)",
             len(rows), target)
    model.fit(train_objectives=[(loader, loss)], epochs=epochs, warmup_steps=WARMUP_STEPS,
              show_progress_bar=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=target.name + ".tmp"))
    model.save(str(tmp))
    for path in (tmp, *tmp.rglob("*")):  # built as root in the image, read by the service user
        path.chmod(0o755 if path.is_dir() else 0o644)
    try:
        tmp.rename(target)
    except OSError:  # another process finished first: the same seeded model, keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def load_encoder(path: Path, batch_size: int = 64) -> SentenceTransformerEmbedder:
    """The fine-tuned encoder as an embedder (its name is its folder, so caches never mix)."""
    return SentenceTransformerEmbedder(str(path), batch_size)
