"""A throwaway project folder (mkdocs.yml, README.md) for building sites in tests; the theme comes
with the generator (generator/publish/site_theme.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def make_project(where: Path, content: str | Path = "content") -> Path:
    """Copies the real site configuration beside a copy of a content tree (a fixture name, or a path)."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copy(ROOT / "README.md", where / "README.md")
    shutil.copytree(content if isinstance(content, Path) else FIXTURES / content, where / "content")
    return where


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
