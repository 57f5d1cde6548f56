import numpy as np
import pytest

from nlp.index import IndexParams, IndexUnavailable, VectorIndex


def _vecs(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_flat_index_finds_the_exact_vector_by_sentence_id():
    vecs = _vecs(50)
    index = VectorIndex.build(np.arange(1000, 1050), vecs, 16, IndexParams())
    assert index.kind == "flat"
    top = index.search(vecs[7], 3)
    assert top[0][0] == 1007 and top[0][1] == pytest.approx(1.0, abs=1e-5)


def test_search_can_be_limited_to_allowed_ids():
    vecs = _vecs(50)
    index = VectorIndex.build(np.arange(50), vecs, 16, IndexParams())
    assert {i for i, _ in index.search(vecs[0], 10, allowed=[3, 4])} == {3, 4}
    assert index.search(vecs[0], 10, allowed=[]) == []


def test_index_switches_to_ivf_above_the_threshold_and_keeps_recall():
    vecs = _vecs(3000, seed=1)
    index = VectorIndex.build(np.arange(3000), vecs, 16, IndexParams(approx_threshold=1000,
                                                                     nprobe=64))
    assert index.kind == "ivf"
    hits = sum(index.search(vecs[i], 1)[0][0] == i for i in range(0, 3000, 100))
    assert hits == 30


def test_remove_and_add_update_the_index_incrementally():
    vecs = _vecs(10)
    index = VectorIndex.build(np.arange(10), vecs, 16, IndexParams())
    assert index.remove([2, 3, 99]) == 2
    index.add(np.array([42]), vecs[2:3])
    assert index.size == 9
    assert index.search(vecs[2], 1)[0][0] == 42


def test_save_and_load_round_trip_and_corrupt_file_is_unavailable(tmp_path):
    vecs = _vecs(20)
    index = VectorIndex.build(np.arange(20), vecs, 16, IndexParams())
    path = tmp_path / "i.faiss"
    index.save(path, {"seq": 7, "model": "m"})
    loaded, meta = VectorIndex.load(path, 16, IndexParams())
    assert meta["seq"] == 7 and loaded.size == 20
    path.write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable):
        VectorIndex.load(path, 16, IndexParams())
    with pytest.raises(IndexUnavailable):
        VectorIndex.load(tmp_path / "missing.faiss", 16, IndexParams())
