"""The import rules of STYLE.md, checked by walking the source with ast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("api", "nlp", "workers", "models", "cli")

FORBIDDEN = {
    "nlp": ("api", "workers", "cli", "fastapi", "starlette", "celery", "sqlalchemy", "alembic",
            "pydantic_settings", "redis", "uvicorn"),
    "models": ("api", "workers", "cli", "nlp", "fastapi", "celery", "spacy",
               "sentence_transformers"),
    "workers": ("api", "cli", "fastapi"),
    "api": ("spacy", "cli"),
}


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in (REPO / pkg).rglob("*.py"):
            rel = path.relative_to(REPO).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            out[".".join(parts)] = path
    return out


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _hits(name: str, banned: tuple[str, ...]) -> bool:
    return any(name == b or name.startswith(b + ".") for b in banned)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_never_imports_what_its_layer_forbids(package: str) -> None:
    bad = [(mod, name) for mod, path in _modules().items() if mod.split(".")[0] == package
           for name in _imports(path, top_level_only=False) if _hits(name, FORBIDDEN[package])]
    assert bad == []


def test_nlp_never_reads_the_environment() -> None:
    for mod, path in _modules().items():
        if mod.startswith("nlp"):
            text = path.read_text()
            assert "os.environ" not in text and "getenv" not in text, mod


def test_api_process_never_loads_spacy_through_module_imports() -> None:
    modules = _modules()
    seen: set[str] = set()
    todo = [m for m in modules if m.startswith("api")]
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        for name in _imports(modules[mod], top_level_only=True):
            assert not _hits(name, ("spacy", "nlp.segment")), f"{mod} pulls in {name}"
            todo += [m for m in modules if name == m or name.startswith(m + ".")]


def test_only_the_adapters_import_spacy_and_sentence_transformers() -> None:
    owners = {"spacy": {"nlp.segment", "nlp.personas_spacy", "nlp.theme_phrases"},
              "sentence_transformers": {"nlp.embed", "nlp.objection_encoder"}}
    for mod, path in _modules().items():
        for name in _imports(path, top_level_only=False):
            for lib, allowed in owners.items():
                if _hits(name, (lib,)):
                    assert mod in allowed, f"{mod} imports {lib}"
