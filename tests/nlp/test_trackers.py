import numpy as np
import pytest

from nlp.trackers import TrackerModel, tracker_hits, tracker_scores


def _unit(*rows: list[float]) -> np.ndarray:
    x = np.array(rows, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_sentences_close_to_an_example_hit_and_far_ones_do_not():
    model = TrackerModel(examples=_unit([1, 0, 0]), negatives=np.zeros((0, 3), np.float32),
                         threshold=0.8)
    vecs = _unit([1, 0.1, 0], [0, 1, 0], [0.9, 0.5, 0])
    assert [i for i, _ in tracker_hits(model, vecs)] == [0, 2]


def test_a_closer_negative_example_vetoes_the_hit():
    model = TrackerModel(examples=_unit([1, 0, 0]), negatives=_unit([1, 0.3, 0]), threshold=0.5)
    vecs = _unit([1, 0.35, 0], [1, -0.3, 0])
    scores = tracker_scores(model, vecs)
    assert scores[0] == 0.0 and scores[1] > 0.9


@pytest.mark.model
def test_tracker_on_real_embeddings_finds_paraphrases_and_respects_negatives():
    from nlp.embed import load_embedder

    emb = load_embedder()
    model = TrackerModel(
        examples=emb.embed(["we need approval from procurement", "legal has to review the contract",
                            "my boss signs off on this"]),
        negatives=emb.embed(["I approve of this approach"]))
    texts = ["I'd have to run it by our purchasing team first.", "The weather is great today.",
             "Our CFO has to sign off on anything over 50k."]
    hit_rows = {i for i, _ in tracker_hits(model, emb.embed(texts))}
    assert 1 not in hit_rows and {0, 2} <= hit_rows
