"""Plain-text transcripts: `Name: text` lines, timestamps, header notes, inline speakers."""

from __future__ import annotations

import pytest

from nlp.parse import parse_transcript


def parse(text: str, **kwargs: object):
    return parse_transcript(text.encode("utf-8"), **kwargs)  # type: ignore[arg-type]


def test_text_name_prefix_lines_become_turns():
    call = parse("Darryl Praill: Hello there.\nMatt Hayman: Hi Darryl.\n")
    assert call.format == "text"
    assert [(t.speaker, t.text) for t in call.turns] == [
        ("Darryl Praill", "Hello there."),
        ("Matt Hayman", "Hi Darryl."),
    ]


@pytest.mark.parametrize(
    "name", ["Dr. Kim", "Speaker 1", "SPEAKER_00", "Jean-Luc O'Neil", "Ludwig van Beethoven"]
)
def test_text_accepts_varied_speaker_names(name: str):
    call = parse(f"{name}: first line\nBob: second line\n")
    assert call.turns[0].speaker == name


def test_text_line_without_prefix_continues_previous_turn():
    call = parse('Kim: first part\nsecond part\n[bctt tweet="quote"]\nBob: reply\n')
    assert call.turns[0].text == 'first part second part [bctt tweet="quote"]'
    assert call.turns[1].speaker == "Bob"


def test_text_keeps_artefacts_in_display_text():
    call = parse("Kim: so you can [inaudible 00:03:49] focus <b>now</b>. [crosstalk]\nBob: ok\n")
    assert call.turns[0].text == "so you can [inaudible 00:03:49] focus <b>now</b>. [crosstalk]"


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("[00:03:49] Kim: hi", 229.0),
        ("00:03:49 Kim: hi", 229.0),
        ("Kim (3:49): hi", 229.0),
        ("(3:49) Kim: hi", 229.0),
        ("Kim: [00:03:49] hi", 229.0),
        ("[1:02:03] Kim: hi", 3723.0),
        ("Kim [00:00:01.500]: hi", 1.5),
    ],
)
def test_text_timestamp_shapes_give_start_seconds(line: str, start: float):
    turn = parse(line + "\n").turns[0]
    assert (turn.speaker, turn.text, turn.start, turn.end) == ("Kim", "hi", start, None)


def test_text_time_inside_speech_is_not_a_timestamp():
    turn = parse("Kim: 10:30 works for me\n").turns[0]
    assert (turn.text, turn.start) == ("10:30 works for me", None)


def test_text_urls_and_times_are_not_speakers():
    call = parse("Kim: see\nhttps://example.com: here\n10:30: then\n")
    assert len(call.turns) == 1
    assert call.turns[0].text == "see https://example.com: here 10:30: then"


def test_text_sentence_with_colon_is_not_a_speaker():
    call = parse("Kim: he told me this:\nWe need it by Friday, he said: yes.\nBob: ok\n")
    assert [t.speaker for t in call.turns] == ["Kim", "Bob"]


def test_text_splits_inline_speakers_seen_as_line_prefixes():
    call = parse("Kim: hello\nMichael: hi\nKim: great. Michael: sure, and more.\n")
    assert [(t.speaker, t.text) for t in call.turns][2:] == [
        ("Kim", "great."),
        ("Michael", "sure, and more."),
    ]


def test_text_splits_inline_speakers_from_known_speakers():
    call = parse("Kim: great. Michael: sure.\n", known_speakers=["Michael"])
    assert [t.speaker for t in call.turns] == ["Kim", "Michael"]


def test_text_does_not_split_on_unknown_inline_names():
    call = parse("Kim: great. Michael: sure.\n")
    assert [t.text for t in call.turns] == ["great. Michael: sure."]


def test_text_splits_inline_speakers_from_sidecar_participants():
    sidecar = b'{"participants": [{"name": "Michael Chen"}]}'
    call = parse("Kim: great. Michael Chen: sure.\nKim: ok\n", sidecar=sidecar)
    assert [t.speaker for t in call.turns] == ["Kim", "Michael Chen", "Kim"]


def test_text_show_notes_before_first_turn_go_to_notes():
    text = (
        "Cats and dogs. Sales and Marketing?\n"
        "Not in the mood to listen? Read below.\n"
        "Host: Darryl Praill, VanillaSoft\n"
        "Guest: Matt Hayman, Refract.ai\n"
        "Darryl Praill: Welcome.\n"
        "Matt Hayman: Thanks.\n"
        "Darryl Praill: Let's go.\n"
    )
    call = parse(text)
    assert call.notes.splitlines()[0] == "Cats and dogs. Sales and Marketing?"
    assert "Guest: Matt Hayman, Refract.ai" in call.notes
    assert [t.speaker for t in call.turns] == ["Darryl Praill", "Matt Hayman", "Darryl Praill"]
    people = [(p.name, p.company, p.role) for p in call.meta.participants]
    assert people == [
        ("Darryl Praill", "VanillaSoft", "unknown"),
        ("Matt Hayman", "Refract.ai", "unknown"),
    ]


def test_text_one_off_credit_labels_in_header_are_not_turns():
    text = (
        "Show Notes\n- point one\nProducer: Heather Ohlman\nMusic: SeaStock Audio\n"
        "Transcription\nSteve: Hello.\nLiz: Hi.\nSteve: Bye.\nLiz: Bye.\n"
    )
    call = parse(text)
    assert call.turns[0].speaker == "Steve"
    assert "Producer: Heather Ohlman" in call.notes


def test_text_one_off_speaker_right_before_dialogue_is_kept():
    call = parse("Intro music.\nModerator: Welcome both.\nKim: Hi.\nBob: Hey.\nKim: So.\n")
    assert [t.speaker for t in call.turns] == ["Moderator", "Kim", "Bob", "Kim"]
    assert call.notes == "Intro music."


def test_text_header_fields_fill_metadata():
    text = (
        "Title: Q3 pricing call\nDate: 2024-03-05\nCall ID: ABC-1\nOutcome: Closed won\nKim: hi\n"
    )
    meta = parse(text).meta
    assert (meta.title, meta.external_id, meta.outcome) == ("Q3 pricing call", "ABC-1", "won")
    assert meta.started_at is not None and meta.started_at.date().isoformat() == "2024-03-05"


def test_text_host_and_guest_labels_used_throughout_stay_speakers():
    call = parse("Host: Welcome to the show.\nGuest: Thanks.\nHost: Let's begin.\n")
    assert [t.speaker for t in call.turns] == ["Host", "Guest", "Host"]


def test_text_otter_style_name_and_time_lines():
    call = parse("Kim Lee  0:03\nHello there.\n\nBob  0:10\nHi.\n")
    assert [(t.speaker, t.text, t.start) for t in call.turns] == [
        ("Kim Lee", "Hello there.", 3.0),
        ("Bob", "Hi.", 10.0),
    ]


def test_text_empty_turns_are_dropped():
    call = parse("Kim:\nBob: hi\n")
    assert [t.speaker for t in call.turns] == ["Bob"]


def test_text_mojibake_is_repaired_before_parsing():
    call = parse("Kim: it\u00e2\u20ac\u2122s fine\n")
    assert call.turns[0].text == "it\u2019s fine"


def test_text_windows_line_endings():
    call = parse("Kim: hi\r\nBob: yo\r\n")
    assert [t.text for t in call.turns] == ["hi", "yo"]
