"""The callsift CLI end to end: ingest, search, analyze, cluster, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()


@pytest.mark.model
def test_analyze_prints_roles_sentences_and_every_insight_with_offsets(configure):
    configure()
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "08-finchpay-pricing.srt"), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["meta"]["external_id"] == "SW-2026-008"
    turns = out["turns"]
    kinds = {i["type"] for i in out["insights"]}
    assert {"objection", "persona", "phrase"} <= kinds
    for item in out["insights"]:
        if "sentence_index" in item:
            text = turns[item["turn_index"]]["text"]
            assert text[item["char_start"]:item["char_end"]] == item["text"]


@pytest.mark.model
def test_ingest_then_search_json_lines(configure, tmp_path):
    configure()
    result = runner.invoke(app, ["ingest", str(EXAMPLES / "01-northwind-freight-discovery.txt")])
    assert result.exit_code == 0, result.output
    found = runner.invoke(app, ["search", "our spreadsheet is good enough", "--json",
                                "--limit", "3"])
    lines = [json.loads(x) for x in found.stdout.splitlines()]
    assert len(lines) == 3 and lines[0]["external_id"] == "SW-2026-001"


def test_ingest_reports_bad_files_and_missing_paths(configure, tmp_path):
    configure()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["ingest", str(empty)])
    assert result.exit_code == 1 and "empty" in result.output.lower()
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.output


@pytest.mark.model
def test_cluster_jsonl_assigns_themes_and_rejects_bad_lines(tmp_path):
    good = tmp_path / "in.jsonl"
    texts = ["the price is too high", "it costs too much", "too expensive for us",
             "we need legal review", "legal must check the contract", "our lawyers review it"]
    good.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)))
    result = runner.invoke(app, ["cluster", str(good)])
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == list(range(6)) and {"theme", "label"} <= set(rows[0])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n')
    failed = runner.invoke(app, ["cluster", str(bad)])
    assert failed.exit_code == 2 and "bad.jsonl:1" in failed.output
