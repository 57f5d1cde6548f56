"""Objections, themes, trends and personas over the sample calls, through the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def themed(sample_client):
    from models.domain import THEME_SOURCES
    from workers.themes import recluster

    services = sample_client.app.state.services
    results = {k: recluster(services.store, k, services.embedder.name, services.embedder.dim)
               for k in THEME_SOURCES}
    return sample_client, results


def test_objections_are_typed_themed_and_counted(themed):
    client, results = themed
    assert results["objection"].items > 0
    listing = client.get("/objections").json()
    assert listing["items"] == results["objection"].items
    assert listing["unassigned_share"] < 1.0 and listing["themes"]
    theme = listing["themes"][0]
    assert theme["size"] >= 3 and theme["call_count"] >= 1 and theme["label"]
    assert theme["trend"]["points"] and theme["trend"]["direction"]
    assert theme["lift"]["summary"]


def test_an_objection_theme_shows_quotes_and_ranked_answers(themed):
    client, _ = themed
    theme_id = client.get("/objections").json()["themes"][0]["id"]
    detail = client.get(f"/objections/{theme_id}").json()
    assert detail["quotes"] and all(q["text"] for q in detail["quotes"])
    assert detail["answers"] and detail["answers"][0]["calls"] >= 1
    for answer in detail["answers"]:
        assert answer["enough_data"] or answer["win_rate"] is None
    assert client.get("/objections/999999").status_code == 404


def test_reclustering_twice_keeps_theme_ids(themed):
    client, _ = themed
    from workers.themes import recluster

    before = [(t["id"], t["size"]) for t in client.get("/themes?type=objection").json()["themes"]]
    services = client.app.state.services
    recluster(services.store, "objection", services.embedder.name, services.embedder.dim)
    after = [(t["id"], t["size"]) for t in client.get("/themes?type=objection").json()["themes"]]
    assert after == before


def test_trends_by_theme_rep_and_segment(themed):
    client, _ = themed
    for by in ("theme", "rep", "segment"):
        series = client.get("/trends", params={"type": "objection", "by": by,
                                               "interval": "month"}).json()
        assert series and all(s["points"] for s in series)
    reps = {s["key"] for s in client.get("/trends", params={"by": "rep"}).json()}
    assert "Priya Nair" in reps


def test_search_can_be_limited_to_objections_of_a_category(themed):
    client, _ = themed
    hits = client.get("/search", params={"q": "too expensive", "type": "objection",
                                         "category": "price"}).json()["hits"]
    assert hits and all(h["role"] == "prospect" for h in hits)


def test_personas_cluster_call_profiles_with_signals_and_win_rates(themed):
    client, _ = themed
    result = client.get("/personas").json()
    assert len(result["profiles"]) == 14
    persona = result["personas"][0]
    assert persona["label"] and persona["call_count"] >= 1 and persona["signals"]
    assert sum(p["call_count"] for p in result["personas"]) == 14


def test_search_type_phrase_returns_only_coined_phrasings(themed):
    client, _ = themed
    hits = client.get("/search", params={"q": "cloud bill", "type": "phrase"}).json()["hits"]
    assert hits and all(h["role"] == "rep" for h in hits)
    assert any("smoke detector" in h["quote"] for h in hits)


def test_objections_filter_by_rep_and_segment_narrows_the_counts(themed):
    client, _ = themed
    everything = client.get("/objections").json()
    by_rep = client.get("/objections", params={"rep": "Priya Nair"}).json()
    by_segment = client.get("/objections", params={"segment": "segment:smb"}).json()
    assert 0 < by_rep["items"] < everything["items"]
    assert 0 < by_segment["items"] < everything["items"]
    assert client.get("/objections", params={"rep": "Nobody Atall"}).json()["themes"] == []
    theme_id = everything["themes"][0]["id"]
    empty = client.get(f"/objections/{theme_id}", params={"rep": "Nobody Atall"}).json()
    assert empty["quotes"] == [] and empty["theme"]["id"] == theme_id


def test_call_insights_point_at_sentences_of_that_call(themed):
    client, _ = themed
    call = client.get("/calls/SW-2026-001").json()
    sentence_ids = {s["id"] for t in call["turns"] for s in t["sentences"]}
    found = client.get("/calls/SW-2026-001/insights").json()
    assert found["counts"].get("objection") and found["counts"].get("persona")
    assert {i["sentence_id"] for i in found["items"]} <= sentence_ids
    assert all(i["label"] for i in found["items"])
    assert client.get("/calls/nope/insights").status_code == 404


def test_search_hits_carry_the_speakers_title_and_company(themed):
    client, _ = themed
    hit = client.get("/search", params={"q": "price", "role": "prospect", "limit": 1}).json()["hits"][0]
    assert hit["account"] and hit["speaker_company"] and hit["speaker_title"]


def test_each_objection_theme_keeps_one_category_and_names_nobody(themed):
    client, _ = themed
    themes = client.get("/objections").json()["themes"]
    reps = {s["key"] for s in client.get("/trends", params={"by": "rep"}).json()}
    people = {w.lower() for name in reps for w in name.split()}
    for theme in themes:
        assert len(theme["categories"]) == 1, theme["categories"]
        assert theme["label"] and len(theme["label"].split()) <= 12
        assert not set(theme["label"].lower().replace(",", " ").split()) & people, theme["label"]
    detail = client.get(f"/objections/{themes[0]['id']}").json()
    assert detail["quotes"][0]["text"] == themes[0]["representative_quote"]
    assert all(a["decided"] == a["won"] + a["lost"] for a in detail["answers"])


def test_a_new_objection_joins_only_a_theme_of_its_own_category(themed):
    client, _ = themed
    from workers.themes import nearest_themes

    store = client.app.state.services.store
    categories = store.themes.categories("objection", "objection")
    theme = store.themes.themes("objection")[0]
    own = categories[theme.id]
    other = next(c for c in ("price", "timing", "trust") if c != own)
    vector = theme.centroid[None, :]
    assert nearest_themes(store, "objection", vector, [own]) == [theme.id]
    joined = nearest_themes(store, "objection", vector, [other])[0]
    assert joined is None or categories[joined] == other
