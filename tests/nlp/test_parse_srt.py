"""SRT subtitles: `Name:` prefixes, merging, continuation."""

from __future__ import annotations

from nlp.parse import parse_transcript


def parse(text: str, **kwargs: object):
    return parse_transcript(text.encode("utf-8"), **kwargs)  # type: ignore[arg-type]


SRT = """1
00:00:01,000 --> 00:00:02,000
Kim: Hello,
how are you?

2
00:00:02,500 --> 00:00:04,000
Kim: <i>Good</i> to see you.

3
00:00:05,000 --> 00:00:06,500
Bob: Likewise [laughs]
"""


def test_srt_name_prefix_gives_speakers_and_merges_runs():
    call = parse(SRT)
    assert call.format == "srt"
    assert [(t.speaker, t.text, t.start, t.end) for t in call.turns] == [
        ("Kim", "Hello, how are you? Good to see you.", 1.0, 4.0),
        ("Bob", "Likewise [laughs]", 5.0, 6.5),
    ]


def test_srt_unlabelled_subtitle_continues_unfinished_sentence():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nKim: We want\n\n"
        "2\n00:00:02,100 --> 00:00:03,000\nmore leads.\n"
    )
    call = parse(text)
    assert [(t.speaker, t.text) for t in call.turns] == [("Kim", "We want more leads.")]


def test_srt_without_names_uses_unknown_speaker():
    text = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:05,000 --> 00:00:06,000\nBye.\n"
    call = parse(text)
    assert [(t.speaker, t.text) for t in call.turns] == [("Unknown", "Hello. Bye.")]


def test_srt_with_bom_and_crlf():
    data = "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nKim: Hi.\r\n".encode()
    call = parse_transcript(data, filename="x.srt")
    assert (call.format, call.turns[0].text) == ("srt", "Hi.")
