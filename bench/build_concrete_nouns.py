"""Build nlp/data/concrete_nouns.txt: English nouns whose commonest sense is a physical thing.

A coined image borrows a concrete thing from another world (a tide chart, a porch light, a
relay baton) to explain software. This list says which words name such things. It comes from
WordNet 3.0 (Princeton, WordNet licence), read from Debian's `wordnet-base` package
(`apt-get install wordnet-base`, files in /usr/share/wordnet): every one- or two-word noun
whose first (most frequent) sense sits in a lexicographer file for physical things (animal,
artifact, body, food, object, phenomenon, plant, substance). A word tagged twice as often as a
verb or adjective, or with under a third of its senses physical, is marked " *": it names a
thing only right after a determiner. Run once; the output is committed.

Run: python -m bench.build_concrete_nouns [/usr/share/wordnet]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "nlp" / "data" / "concrete_nouns.txt"
# lexnames numbers: 05 animal, 06 artifact, 08 body, 13 food, 17 object, 19 phenomenon,
# 20 plant, 27 substance.
PHYSICAL = {5, 6, 8, 13, 17, 19, 20, 27}
WORD = re.compile(r"[a-z][a-z-]{2,}")
COMPOUND = re.compile(r"[a-z]{3,}_[a-z]{3,}")  # smoke_alarm, fire_door: kept as "smoke alarm"


def _index(path: Path) -> dict[str, tuple[list[str], int]]:
    """lemma -> (synset offsets in sense order, tagged-sense count) from one index file."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        parts = line.split()
        n_ptr = int(parts[3])
        out[parts[0]] = (parts[4 + n_ptr + 2:], int(parts[4 + n_ptr + 1]))
    return out


def _other_pos_count(lemma: str, others: list[dict[str, tuple[list[str], int]]]) -> int:
    """How often the word was tagged as a verb, adjective or adverb (its -ing/-ed/-s stem too)."""
    stems = {lemma}
    for suffix in ("ing", "ed", "es", "s"):
        if lemma.endswith(suffix):
            stem = lemma[: -len(suffix)]
            undoubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
            stems |= {stem, stem + "e", undoubled}
    return sum(idx[w][1] + (1 if w != lemma else 0) for idx in others for w in stems if w in idx)


def build(wordnet: Path) -> list[str]:
    """Nouns whose first sense is a physical thing, sorted; "word *" marks the ones that are
    said mostly as a verb or adjective ("dress", "jar") or mostly in abstract senses ("light"),
    which count only right after a determiner ("a dress rehearsal", "the lights")."""
    lexfile: dict[str, int] = {}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if not line.startswith(" "):
            offset, lex = line.split()[:2]
            lexfile[offset] = int(lex)
    others = [_index(wordnet / f"index.{pos}") for pos in ("verb", "adj", "adv")]
    words: dict[str, bool] = {}  # word -> needs a determiner
    for lemma, (offsets, tagged) in _index(wordnet / "index.noun").items():
        if not (WORD.fullmatch(lemma) or COMPOUND.fullmatch(lemma)) or not offsets:
            continue
        physical = [lexfile.get(o) in PHYSICAL for o in offsets]
        if not physical[0]:
            continue
        words[lemma.replace("_", " ")] = (3 * sum(physical) < len(physical)
                                          or _other_pos_count(lemma, others) > max(2, 2 * tagged))
    # A compound matters only when its head alone does not name a thing (smoke alarm: "alarm"
    # is first a feeling); the others are found word by word.
    words = {w: d for w, d in words.items() if " " not in w or w.split()[1] not in words}
    # Irregular plurals (feet, teeth, mice) from WordNet's exception list, for the found nouns.
    for line in (wordnet / "noun.exc").read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] in words and WORD.fullmatch(parts[0]):
            words.setdefault(parts[0], words[parts[1]])
    return sorted(w + (" *" if d else "") for w, d in words.items())


def main() -> None:
    """Write the list, one word a line, under a header naming its source."""
    wordnet = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/wordnet")
    words = build(wordnet)
    header = ("# Nouns whose commonest sense is a physical thing, from WordNet 3.0 "
              "(bench/build_concrete_nouns.py); * = only after a determiner\n")
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
