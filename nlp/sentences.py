"""Turn a parsed call into sentences with roles, display offsets and timestamps."""

from __future__ import annotations

from collections.abc import Mapping

from models.domain import ParsedCall, Sentence, SpeakerRole, Turn
from nlp.clean import clean_for_nlp
from nlp.segment import Segmenter

# Conversational English runs at ~150 words/min, about 15 characters a second; used only
# to size the last turn of a call when nothing says when it ended.
CHARS_PER_SECOND = 15.0


def turn_time_span(turns: list[Turn], index: int) -> tuple[float, float] | None:
    """The (start, end) seconds of a turn: its own end, else the next turn's start."""
    turn = turns[index]
    if turn.start is None:
        return None
    end = turn.end
    if end is None and index + 1 < len(turns):
        nxt = turns[index + 1].start
        end = nxt if nxt is not None and nxt > turn.start else None
    if end is None or end < turn.start:
        end = turn.start + len(turn.text) / CHARS_PER_SECOND
    return turn.start, end


def interpolate_time(span: tuple[float, float] | None, offset: int, length: int) -> float | None:
    """The time a character offset is spoken, assuming an even pace within the turn."""
    if span is None:
        return None
    start, end = span
    if length <= 0:
        return start
    return round(start + (end - start) * (offset / length), 3)


def split_sentences(
    call: ParsedCall, roles: Mapping[str, SpeakerRole], segmenter: Segmenter
) -> list[Sentence]:
    """Split every turn into sentences, keeping offsets into the turn's display text."""
    cleaned = [clean_for_nlp(t.text) for t in call.turns]
    spans = segmenter.split([c.text for c in cleaned])
    sentences: list[Sentence] = []
    for t_idx, (turn, clean, turn_spans) in enumerate(zip(call.turns, cleaned, spans, strict=True)):
        role = roles[turn.speaker].role if turn.speaker in roles else "unknown"
        time_span = turn_time_span(call.turns, t_idx)
        s_idx = 0
        for start, end in turn_spans:
            clean_text = clean.text[start:end].strip()
            if not clean_text:
                continue
            start += len(clean.text[start:end]) - len(clean.text[start:end].lstrip())
            src_start, src_end = clean.to_source(start, start + len(clean_text))
            sentences.append(Sentence(
                turn_index=t_idx, sent_index=s_idx, speaker=turn.speaker, role=role,
                text=turn.text[src_start:src_end], clean_text=clean_text,
                char_start=src_start, char_end=src_end,
                start=interpolate_time(time_span, src_start, len(turn.text)),
            ))
            s_idx += 1
    return sentences
