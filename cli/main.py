"""The `callsift` command line."""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from nlp.parse import find_sidecar

app = typer.Typer(help="callsift: mine sales-call transcripts.", no_args_is_help=True,
                  add_completion=False)
err = Console(stderr=True)
TRANSCRIPT_SUFFIXES = {".txt", ".vtt", ".srt", ".json", ".md", ".markdown", ".text"}
NOT_TRANSCRIPTS = {"readme.md", "roster.json", "license", "license.md"}


def expand_paths(paths: list[str]) -> list[Path]:
    """Files, folders (recursively) and globs, minus sidecars and obvious non-transcripts."""
    found: list[Path] = []
    for raw in paths:
        matches = [Path(m) for m in glob.glob(raw, recursive=True)] or [Path(raw)]
        for p in matches:
            if p.is_dir():
                found += sorted(f for f in p.rglob("*") if f.is_file()
                                and f.suffix.lower() in TRANSCRIPT_SUFFIXES)
            elif p.exists():
                found.append(p)
            else:
                raise typer.BadParameter(f"no such file or folder: {raw}")
    return [f for f in dict.fromkeys(found)
            if not f.name.endswith(".meta.json") and f.name.lower() not in NOT_TRANSCRIPTS]


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="files, folders or globs")]) -> None:
    """Ingest transcripts (with their .meta.json sidecars) and update the search index."""
    from cli.ingest import ingest_files

    files = expand_paths(paths)
    if not files:
        err.print("[red]no transcript files found[/red]")
        raise typer.Exit(2)
    failed = ingest_files([(f, find_sidecar(f)) for f in files], err)
    if failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: str,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON hit per line")] = False,
    role: Annotated[str | None, typer.Option(help="rep | prospect | unknown")] = None,
    outcome: Annotated[str | None, typer.Option(help="won | lost | open | unknown")] = None,
) -> None:
    """Search stored calls by meaning and keyword."""
    from api.services import open_services
    from api.settings import get_settings
    from models.schemas import SearchFilters

    try:
        filters = SearchFilters.model_validate({"role": role, "outcome": outcome})
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    hits = open_services(get_settings()).search.search(query, filters, limit).hits
    if not hits:
        typer.echo("No good matches. Try other words: describe what the buyer or the rep said.")
    for h in hits:
        if as_json:
            sys.stdout.write(h.model_dump_json() + "\n")
        else:
            ts = h.timestamp
            when = "" if ts is None else f" @{int(ts // 60)}:{int(ts % 60):02d}"
            typer.echo(f"{h.score:3d}  {h.speaker} ({h.role}) — {h.call_title or h.external_id}"
                       f"{when}\n        “{h.quote}”" + (f"  [×{h.duplicate_count}]"
                                                       if h.duplicate_count > 1 else ""))


@app.command()
def serve(host: Annotated[str | None, typer.Option(help="default: CALLSIFT_HOST")] = None,
          port: Annotated[int | None, typer.Option(help="default: CALLSIFT_PORT")] = None
          ) -> None:
    """Serve the API (embedded mode runs ingest jobs in this process)."""
    import uvicorn

    from api.settings import get_settings

    settings = get_settings()
    uvicorn.run("api.app:create_app", factory=True, host=host or settings.host,
                port=port or settings.port)


@app.command()
def worker(concurrency: Annotated[int, typer.Option(min=1)] = 1,
           loglevel: str = "INFO") -> None:
    """Run a Celery worker (needs CALLSIFT_BROKER_URL)."""
    from workers.settings import get_settings as worker_settings

    if not worker_settings().broker_url:
        err.print("[red]CALLSIFT_BROKER_URL is not set: a worker needs a broker "
                  "(e.g. redis://127.0.0.1:6379/0)[/red]")
        raise typer.Exit(2)
    from workers.celery_app import app as celery_app

    celery_app.worker_main(["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}"])


@app.command()
def analyze(file: Path, as_json: Annotated[bool, typer.Option("--json")] = True) -> None:
    """Parse a transcript offline: metadata, roles and sentences (nothing is stored)."""
    from cli.analyze import analyze_file

    result = analyze_file(file, find_sidecar(file))
    typer.echo(json.dumps(result, indent=2 if as_json else None, default=str))


@app.command()
def roster(values: Annotated[list[str] | None, typer.Argument()] = None,
           file: Annotated[Path | None, typer.Option(help='JSON {"reps": [...]}')] = None) -> None:
    """Show the rep roster, or replace it with names/emails given or read from a file."""
    from workers.runtime import get_runtime

    store = get_runtime().store
    if values or file:
        reps = list(values or [])
        if file:
            reps += json.loads(file.read_text())["reps"]
        store.roster.replace(reps)
    typer.echo("\n".join(store.roster.get()))


@app.command()
def recluster() -> None:
    """Re-cluster every theme type now, keeping the ids of themes that persist."""
    from models.domain import THEME_SOURCES
    from workers.runtime import get_runtime
    from workers.themes import recluster as run

    rt = get_runtime()
    emb = rt.pipeline.embedder
    for kind in THEME_SOURCES:
        r = run(rt.store, kind, emb.name, emb.dim)
        typer.echo(f"{kind}: {r.themes} themes over {r.items} items, "
                   f"{r.unassigned_share:.0%} unassigned")


@app.command()
def reanalyze(
    call: Annotated[list[str] | None, typer.Option(
        "--call", help="only this call (id or external id), even if current; repeatable")] = None,
    all_calls: Annotated[bool, typer.Option(
        "--all", help="every call, even those analysed by the current detectors")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="only print how many calls are stale")] = False,
    recluster: Annotated[bool, typer.Option(
        "--recluster", help="re-cluster the themes afterwards")] = False,
) -> None:
    """Re-run the detectors on stored calls (after a detector upgrade), without re-ingesting."""
    from cli.reanalyze import reanalyze_stored

    failed = reanalyze_stored(call or [], force=all_calls, dry_run=dry_run,
                              recluster=recluster, console=err)
    if failed:
        raise typer.Exit(1)


@app.command()
def themes(kind: Annotated[str, typer.Option("--type")] = "objection",
           as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List themes with size, calls, lift and trend."""
    from api.themes_service import list_themes
    from models.domain import THEME_SOURCES
    from workers.runtime import get_runtime

    if kind not in THEME_SOURCES:
        raise typer.BadParameter(f"--type must be one of {', '.join(THEME_SOURCES)}")
    result = list_themes(get_runtime().store, kind)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    typer.echo(f"{len(result.themes)} {kind} themes; {result.unassigned_share:.0%} unassigned")
    for th in result.themes:
        typer.echo(f"#{th.id:<4} {th.size:>3} quotes {th.call_count:>3} calls  "
                   f"{th.trend.direction:<15} {th.lift.summary}\n      {th.label}")


@app.command()
def cluster(file: Path) -> None:
    """Cluster sentences from JSONL ({"id", "text"} per line) into themes, as JSONL."""
    from cli.cluster import cluster_jsonl

    for line in cluster_jsonl(file):
        sys.stdout.write(json.dumps(line) + "\n")
