"""WebVTT captions: voice tags, name prefixes, cue merging, tag stripping."""

from __future__ import annotations

from nlp.parse import parse_transcript


def parse(text: str, **kwargs: object):
    return parse_transcript(text.encode("utf-8"), **kwargs)  # type: ignore[arg-type]


def vtt(*cues: tuple[str, str, str]) -> str:
    blocks = [f"{start} --> {end}\n{text}" for start, end, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def test_vtt_voice_tags_give_speakers_and_times():
    call = parse(vtt(("00:00:01.000", "00:00:02.500", "<v Kim Lee>Hello.</v>"),
                     ("00:00:03.000", "00:00:04.000", "<v Bob>Hi.</v>")))  # fmt: skip
    assert call.format == "vtt"
    assert [(t.speaker, t.text, t.start, t.end) for t in call.turns] == [
        ("Kim Lee", "Hello.", 1.0, 2.5),
        ("Bob", "Hi.", 3.0, 4.0),
    ]


def test_vtt_consecutive_cues_of_same_speaker_merge():
    call = parse(vtt(("00:00:01.000", "00:00:02.000", "<v Kim>One."),
                     ("00:00:02.000", "00:00:03.000", "<v Kim>Two."),
                     ("00:00:04.000", "00:00:05.000", "<v Bob>Three.")))  # fmt: skip
    kim = call.turns[0]
    assert (kim.speaker, kim.text, kim.start, kim.end) == ("Kim", "One. Two.", 1.0, 3.0)
    assert len(call.turns) == 2


def test_vtt_without_voice_tags_uses_name_prefix():
    call = parse(vtt(("00:00:01.000", "00:00:02.000", "Kim: Hello."),
                     ("00:00:02.500", "00:00:03.000", "Bob: Hi.")))  # fmt: skip
    assert [(t.speaker, t.text) for t in call.turns] == [("Kim", "Hello."), ("Bob", "Hi.")]


def test_vtt_unlabelled_cue_continuing_a_sentence_keeps_the_speaker():
    call = parse(vtt(("00:00:01.000", "00:00:02.000", "<v Kim>So what we need"),
                     ("00:00:02.100", "00:00:03.000", "is a better pipeline.")))  # fmt: skip
    assert [(t.speaker, t.text) for t in call.turns] == [
        ("Kim", "So what we need is a better pipeline.")
    ]


def test_vtt_without_voice_tags_falls_back_to_unknown_speaker():
    call = parse(vtt(("00:00:01.000", "00:00:02.000", "Hello there."),
                     ("00:00:09.000", "00:00:10.000", "<v Kim>Done."),
                     ("00:00:20.000", "00:00:21.000", "Another thing.")))  # fmt: skip
    assert [t.speaker for t in call.turns] == ["Unknown", "Kim", "Unknown"]


def test_vtt_strips_cue_tags_but_keeps_transcript_artefacts():
    text = "<v Kim><c.loud>Hello</c> <i>there</i> <00:00:01.500>now [crosstalk] &amp; more</v>"
    call = parse(vtt(("00:00:01.000", "00:00:02.000", text)))
    assert call.turns[0].text == "Hello there now [crosstalk] & more"


def test_vtt_voice_tag_with_class_and_multiline_cue():
    call = parse(vtt(("00:00:01.000", "00:00:02.000", "<v.first.loud Kim>line one\nline two</v>")))
    assert (call.turns[0].speaker, call.turns[0].text) == ("Kim", "line one line two")


def test_vtt_two_voices_in_one_cue_become_two_turns():
    call = parse(vtt(("00:00:01.000", "00:00:02.000", "<v Kim>Ready?</v>\n<v Bob>Yes.</v>")))
    assert [(t.speaker, t.text) for t in call.turns] == [("Kim", "Ready?"), ("Bob", "Yes.")]


def test_vtt_hours_and_notes_blocks():
    text = (
        "WEBVTT - recorded call\n\nNOTE exported by a tool\n\n"
        "intro\n01:00:01.250 --> 01:00:02.000\n<v Kim>Late in the call.\n"
    )
    turn = parse(text).turns[0]
    assert (turn.speaker, turn.start, turn.end) == ("Kim", 3601.25, 3602.0)


def test_vtt_extension_without_header_still_parses():
    call = parse("00:00:01.000 --> 00:00:02.000\n<v Kim>Hi.\n", filename="call.vtt")
    assert (call.format, call.turns[0].speaker) == ("vtt", "Kim")
