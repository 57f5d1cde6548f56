"""MiniLM on ONNX Runtime: export once from the local model folder, then encode without torch.

The fp32 graph gives the same vectors as sentence-transformers (cosine >= 0.99999), so it
shares their identity; the int8 graph (dynamic quantisation, per-channel weights) does not,
and its embedder carries a different name so the two never meet in one index.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

BACKENDS = ("torch", "onnx", "int8")
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_file(model_dir: str, backend: str, cache_dir: Path) -> Path:
    """Where the exported graph of a model folder lives (keyed by the folder's weights)."""
    weights = sorted(Path(model_dir).glob("*.safetensors")) or sorted(Path(model_dir).glob("*.bin"))
    stamp = "|".join(f"{p.name}:{p.stat().st_size}" for p in weights)
    key = hashlib.blake2b(f"{Path(model_dir).resolve()}|{stamp}".encode(), digest_size=6)
    kind = "fp32" if backend == "onnx" else backend
    return cache_dir / f"{Path(model_dir).name}-{key.hexdigest()}.{kind}.onnx"


def mean_pooling_only(model_dir: str) -> bool:
    """True when the folder's pooling is plain mean pooling (what the ONNX path implements)."""
    pooling = Path(model_dir) / "1_Pooling" / "config.json"
    if not pooling.is_file():
        return False
    cfg = json.loads(pooling.read_text())
    modes = [k for k, v in cfg.items() if k.startswith("pooling_mode_") and v]
    return modes == ["pooling_mode_mean_tokens"]


def max_seq_length(model_dir: str) -> int:
    """The folder's token limit, as sentence-transformers reads it (512 when unstated)."""
    cfg = Path(model_dir) / "sentence_bert_config.json"
    if cfg.is_file():
        return int(json.loads(cfg.read_text()).get("max_seq_length") or 512)
    return 512


def export(transformer: Any, target: Path, *, quantize: bool) -> None:
    """Trace the Hugging Face encoder to ONNX (and quantise to int8); atomic rename at the end."""
    import torch

    class Encoder(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            out = self.inner(input_ids=ids, attention_mask=mask, token_type_ids=types)
            return out.last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "hidden")}
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(Encoder(transformer.eval()), (dummy, dummy, torch.zeros_like(dummy)),
                          str(fp32), input_names=list(INPUTS), output_names=["hidden"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
        out = fp32
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            out = Path(tmp) / "int8.onnx"
            quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(out, target)  # concurrent exporters: the last rename wins, both are whole


class OnnxEmbedder:
    """Tokenise, run the graph on length-sorted batches, mean-pool, normalise."""

    def __init__(self, graph: Path, model_dir: str, *, name: str, max_tokens: int,
                 batch_size: int = 32) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        opts = ort.SessionOptions()
        # Spinning threads steal the cores other workers on the box need.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(graph), opts, providers=["CPUExecutionProvider"])
        self._tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        self._max_tokens = max_tokens
        self._batch_size = batch_size
        self.name = name
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised mean-pooled vectors; batches of similar length keep padding small."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self._tokenizer(list(texts), truncation=True, max_length=self._max_tokens,
                              add_special_tokens=True)["input_ids"]
        order = np.argsort([len(x) for x in ids], kind="stable")
        for start in range(0, len(order), self._batch_size):
            rows = order[start:start + self._batch_size]
            out[rows] = self._encode_batch([ids[i] for i in rows])
        return out

    def _encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        width = max(len(x) for x in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, x in enumerate(batch):
            ids[i, :len(x)] = x
            mask[i, :len(x)] = 1
        hidden: np.ndarray = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        result: np.ndarray = (pooled / norms).astype(np.float32)
        return result
