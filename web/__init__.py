"""The dashboard's templates and static assets (no Python logic lives here)."""

from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
