"""The bundled sample calls, end to end through the API with the real models."""

from __future__ import annotations

import re

import pytest

from nlp.search_text import query_stems

pytestmark = pytest.mark.model


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def test_every_sample_call_is_stored_with_metadata(sample_client):
    page = sample_client.get("/calls", params={"limit": 50}).json()
    assert page["total"] == 14
    outcomes = [c["outcome"] for c in page["items"]]
    assert outcomes.count("won") == 5 and outcomes.count("lost") == 5
    lost = sample_client.get("/calls", params={"outcome": "lost"}).json()
    assert lost["total"] == 5


def test_a_paraphrase_sharing_no_words_finds_the_quote(sample_client):
    query = "patient information may not be moved out of europe"
    hits = sample_client.get("/search", params={"q": query, "limit": 3}).json()["hits"]
    eu = [h for h in hits if h["external_id"] == "SW-2026-009" and "EU" in h["quote"]
          and not set(query_stems(query)) & set(query_stems(h["quote"]))]
    assert eu, hits
    assert eu[0]["turn"]["text"].find(eu[0]["quote"]) == eu[0]["char_start"]
    assert eu[0]["timestamp"] is not None and eu[0]["call_title"].startswith("CareVault")


def test_scripted_boilerplate_collapses_into_one_hit_with_a_count(sample_client):
    hits = sample_client.get("/search", params={"q": "just to set the agenda", "limit": 5}).json()["hits"]
    top = hits[0]
    assert top["quote"].startswith("Just to set the agenda")
    assert top["duplicate_count"] >= 14 and len(top["duplicate_call_ids"]) >= 13
    assert sum(h["quote"].startswith("Just to set the agenda") for h in hits) == 1


def test_filters_on_role_outcome_and_tags(sample_client):
    params = {"q": "that is more than we budgeted", "role": "prospect", "outcome": "lost"}
    hits = sample_client.get("/search", params=params).json()["hits"]
    assert hits and all(h["role"] == "prospect" and h["outcome"] == "lost" for h in hits)
    tagged = sample_client.get("/search", params={"q": "pricing", "tags": ["segment:enterprise"]})
    assert tagged.status_code == 200


def test_roles_come_from_metadata_roster_and_speech(sample_client):
    call07 = sample_client.get("/calls/SW-2026-007").json()
    by_name = {p["name"]: p for p in call07["participants"]}
    assert by_name["Tom Becker"]["role"] == "rep" and by_name["Tom Becker"]["role_source"] == "roster"
    call02 = sample_client.get("/calls/SW-2026-002").json()  # no participants in the metadata
    roles = {p["name"]: (p["role"], p["role_source"]) for p in call02["participants"]}
    assert roles["Tom Becker"] == ("rep", "roster")
    buyers = [p for p in call02["participants"] if p["role"] == "prospect"]
    assert buyers and all(p["role_source"] == "inferred" and 0.5 < p["role_confidence"] < 1
                          for p in buyers)


def test_call_detail_has_turns_sentences_offsets_and_timestamps(sample_client):
    call = sample_client.get("/calls/SW-2026-005").json()
    assert call["format"] == "vtt" and call["turns"][0]["start"] is not None
    for turn in call["turns"]:
        for s in turn["sentences"]:
            assert turn["text"][s["char_start"]:s["char_end"]] == s["text"]
    artefacts = sample_client.get("/calls/SW-2026-001").json()
    joined = " ".join(t["text"] for t in artefacts["turns"])
    assert "[inaudible" in joined  # display text keeps what the transcript showed
    sentences = [s["text"] for t in artefacts["turns"] for s in t["sentences"]]
    assert all("[inaudible" not in s for s in sentences if s.startswith("[inaudible"))


def test_phrases_rank_rep_analogies_with_score_parts_and_no_bare_rates(sample_client):
    phrases = sample_client.get("/phrases", params={"limit": 10}).json()
    texts = " ".join(p["text"].lower() for p in phrases[:5])
    assert "smoke detector" in texts or "gym membership" in texts
    top = phrases[0]
    assert set(top["scores"]) >= {"distinctiveness", "resonance", "spread", "lift"}
    assert top["call_count"] >= 2 and top["variants"]
    assert all(not p["text"].startswith("Just to set the agenda") for p in phrases)
    for p in phrases:  # 14 calls: nobody gets a bare percentage
        assert p["lift"]["enough_data"] is False and p["lift"]["rate_with"] is None
        assert p["lift"]["summary"].startswith("not enough data")


def test_messaging_gap_lists_unsaid_claims_and_off_message_phrasings(sample_client):
    sample_client.post("/messaging", json={"claims": [
        "Stackwise is a smoke detector for your cloud bill.",
        "Our quantum ledger blockchain synergizes enterprise paradigms."]})
    gap = sample_client.get("/phrases/gap").json()
    unsaid = [c["text"] for c in gap["claims_never_said"]]
    assert any("quantum ledger" in t for t in unsaid)
    assert all("smoke detector" not in t for t in unsaid)
    off = " ".join(p["text"].lower() for p in gap["rep_phrasings_off_message"])
    assert "smoke detector" not in off and off


def test_nonsense_finds_nothing_and_says_what_to_try(sample_client):
    body = sample_client.get("/search", params={"q": "blorptastic frumious bandersnatch"}).json()
    assert body["hits"] == [] and body["next_cursor"] is None
    assert body["message"].startswith("No good matches")
    filtered = sample_client.get("/search", params={"q": "blorptastic frumious bandersnatch",
                                                    "role": "prospect"}).json()
    assert "role" in filtered["message"]


def test_scores_are_0_to_100_and_say_why(sample_client):
    hits = sample_client.get("/search", params={"q": "the price is too high"}).json()["hits"]
    assert hits
    assert all(isinstance(h["score"], int) and 50 <= h["score"] <= 100 for h in hits)
    assert all(h["why"][0].startswith("meaning ") for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_cursor_pages_continue_without_repeats_and_are_tied_to_their_query(sample_client):
    params = {"q": "pricing and budget concerns", "limit": 4}
    first = sample_client.get("/search", params=params).json()
    assert first["next_cursor"], "expected more than one page of price quotes in the samples"
    second = sample_client.get("/search", params={**params, "cursor": first["next_cursor"]}).json()
    ids = [h["sentence_id"] for h in first["hits"] + second["hits"]]
    assert second["hits"] and len(ids) == len(set(ids))
    both = sample_client.get("/search", params={**params, "limit": 8}).json()["hits"]
    assert [h["sentence_id"] for h in both] == ids[:len(both)]
    other = sample_client.get("/search", params={"q": "security review",
                                                 "cursor": first["next_cursor"]})
    assert other.status_code == 400 and "another query" in other.json()["detail"]
    bad = sample_client.get("/search", params={"q": "x", "cursor": "not-a-cursor"})
    assert bad.status_code == 400


def test_a_hit_can_quote_its_sentence_its_neighbours_or_its_whole_turn(sample_client):
    q = {"q": "data must stay in the EU", "limit": 5}
    spans = {s: sample_client.get("/search", params={**q, "span": s}).json()["hits"]
             for s in ("sentence", "window", "turn")}
    multi = next(h for h in spans["turn"] if h["turn"]["text"] != h["quote"])
    window = next(h for h in spans["window"] if h["sentence_id"] == multi["sentence_id"])
    sentence = next(h for h in spans["sentence"] if h["sentence_id"] == multi["sentence_id"])
    assert sentence["span_text"] == sentence["quote"]
    assert multi["span_text"] == multi["turn"]["text"]
    assert window["quote"] in window["span_text"] and window["span_text"] in multi["turn"]["text"]
    assert len(sentence["span_text"]) < len(window["span_text"]) <= len(multi["span_text"])
    assert sample_client.get("/search", params={**q, "span": "page"}).status_code == 422
