"""Counts as people say them: "six hundred and fifty", "two and a half thousand", "1.2k", "two-ten".

A compact parser rather than a library: text2num's alpha2digit, word2number and number-parser were
tried (December 2026) and none reads "two and a half thousand", "a couple hundred", "1.2k" or
"two-ten"; word2number turns "a hundred and ten" into 1000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"hundred": 100, "thousand": 1000, "k": 1000, "grand": 1000, "million": 1_000_000,
          "m": 1_000_000}
VAGUE = {"couple": 2, "few": 3}
TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:[km]\b)?|[a-z]+|-", re.I)


@dataclass(frozen=True)
class NumberSpan:
    """A count found in a text: its value and character offsets (end after any "-ish")."""

    value: int
    start: int
    end: int
    text: str


def _digits(tok: str) -> float | None:
    low = tok.lower()
    scale = SCALES[low[-1]] if low[-1] in "km" else 1
    try:
        return float(low.rstrip("km").replace(",", "")) * scale
    except ValueError:
        return None


def _is_number_word(word: str) -> bool:
    return word in UNITS or word in TENS or word[:1].isdigit()


class _Reader:
    """Evaluates one run of number tokens left to right (total + current, as said aloud)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.current = 0.0
        self.last: str | None = None  # kind of the last token: unit, teen, tens, scale, digit
        self.seen = False

    def number(self, value: float, kind: str) -> bool:
        if not self.seen or self.last == "scale" or self.last == "and":
            self.current += value
        elif self.last == "tens" and kind == "unit" and 0 < value < 10:
            self.current += value  # "twenty five"
        elif (self.last in {"unit", "teen"} and kind in {"teen", "tens"}
              and 0 < self.current < 20 and self.current != 10):
            self.current = self.current * 100 + value  # "six fifty", "two-ten", "twelve fifty"
        else:
            return False
        self.last, self.seen = kind, True
        return True

    def scale(self, value: int) -> bool:
        if not self.seen:
            return False
        if value == 100:
            self.current = (self.current or 1) * 100
        else:
            self.total += (self.current or 1) * value
            self.current = 0
        self.last = "scale"
        return True

    @property
    def value(self) -> int:
        return round(self.total + self.current)


def find_numbers(text: str) -> list[NumberSpan]:
    """Every count in a text, spelled out or in digits, with offsets into the text."""
    toks = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    out: list[NumberSpan] = []
    i = 0
    while i < len(toks):
        found = _read(text, toks, i)
        if found is None:
            i += 1
            continue
        span, i = found
        out.append(span)
    return out


def _read(text: str, toks: list[tuple[str, int, int]], i: int) -> tuple[NumberSpan, int] | None:
    """The number that starts at token i, and the index of the token after it."""
    r = _Reader()
    start, end, j = toks[i][1], toks[i][1], i
    while j < len(toks):
        if j > i and text[toks[j - 1][2]:toks[j][1]].strip():
            break  # "ten, fifteen people" is a range, not 1015
        low = toks[j][0].lower()
        nxt = toks[j + 1][0].lower() if j + 1 < len(toks) else ""
        after = toks[j + 2][0].lower() if j + 2 < len(toks) else ""
        step = 1
        if low[0].isdigit():
            value = _digits(toks[j][0])
            ok = value is not None and r.number(value, "digit")
        elif low in UNITS:
            ok = r.number(UNITS[low], "unit" if UNITS[low] < 10 else "teen")
        elif low in TENS:
            ok = r.number(TENS[low], "tens")
        elif low in SCALES and low not in {"k", "m", "grand"}:
            ok = r.scale(SCALES[low])
        elif low in {"a", "an"} and not r.seen and (nxt in SCALES or nxt in VAGUE
                                                    or nxt == "dozen"):
            ok = r.number(1, "a")
        elif low in VAGUE and (r.last == "a" or not r.seen):
            r.current, r.last, r.seen = float(VAGUE[low]), "vague", True
            ok = True
            if nxt == "of" and after in SCALES:
                step = 2  # "a couple of hundred"
        elif low == "dozen" and r.seen:
            r.current, r.last, ok = (r.current or 1) * 12, "scale", True
        elif low == "half" and not r.seen and nxt in {"a", "an"} and (after in SCALES
                                                                      or after == "dozen"):
            r.current, r.last, r.seen, ok, step = 0.5, "unit", True, True, 2  # "half a dozen"
        elif low == "and" and r.seen and nxt in {"a", "an"} and after == "half":
            r.current += 0.5
            r.last, ok, step = "and", True, 3  # "two and a half thousand"
        elif low == "and" and r.last == "scale" and _is_number_word(nxt):
            r.last, ok = "and", True  # "a hundred and ten"
        elif low == "-" and r.seen and (_is_number_word(nxt) or nxt in {"ish", "odd"}):
            ok = True
            if nxt in {"ish", "odd"}:
                end, step = toks[j + 1][2], 2
                j += step
                break
        elif low in {"ish", "odd"} and r.seen:
            end, j = toks[j][2], j + 1
            break
        else:
            ok = False
        if not ok:
            break
        if low not in {"-", "and"}:
            end = toks[j + step - 1][2]
        j += step
    if not r.seen or r.last == "a" or j == i:
        return None
    if r.last == "vague" and not re.match(r"\s+[a-z]", text[end:], re.I):
        return None  # "a couple" with nothing counted after it is not a number here
    return NumberSpan(r.value, start, end, text[start:end]), j


def parse_number(text: str) -> int | None:
    """The first count in a text: '1,800' -> 1800, 'six hundred and fifty' -> 650, else None."""
    found = find_numbers(text)
    return found[0].value if found else None
