"""The persona lexicons shipped with the package, and the job-title lookup built on them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_PATH = Path(__file__).parent / "data" / "persona_lexicons.json"
TOOLS_PATH = Path(__file__).parent / "data" / "persona_tools.json"


@cache
def load_lexicons(path: Path = LEXICON_PATH, tools: Path = TOOLS_PATH) -> Mapping[str, Any]:
    """The persona lexicons shipped with the package, with the business-software list merged
    into "tools" (an entry of the main lexicon wins over one of the same name)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if tools.is_file():
        names = {e["name"] for e in data["tools"]}
        extra = json.loads(tools.read_text(encoding="utf-8"))["tools"]
        data["tools"] = data["tools"] + [e for e in extra if e["name"] not in names]
    return data


def classify_title(title: str) -> tuple[str | None, str | None]:
    """(seniority level, function) of a job title, from the lexicon's ordered patterns."""
    rules = load_lexicons()["seniority"]
    level = next((lv["name"] for lv in rules["levels"]
                  if any(re.search(p, title, re.I if p.islower() else 0) for p in lv["patterns"])),
                 None)
    func = next((f["name"] for f in rules["functions"]
                 if any(re.search(p, title, re.I if p.islower() else 0) for p in f["patterns"])),
                None)
    return level, func
