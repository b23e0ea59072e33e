"""The theme the digest's pages need, shipped with the generator.

`overrides/` (this repository's; `generator/theme` links to it, so it is installed with the
package) holds the header search box, the Pagefind result fields, feed discovery, the map's and
charts' scripts and styles, and the page cache's template. Every digest needs it, not only this
repository, so `digest build` puts it in the MkDocs theme itself: a digest started by `digest
init` has no copy to fall behind, and one with a `custom_dir` of its own has that searched first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

THEME_DIR = (Path(__file__).parents[1] / "theme").resolve()


def add_theme(config) -> None:
    """Search THEME_DIR after the digest's own custom_dir (if any) and before Material."""
    dirs = config.theme.dirs
    if any(Path(d).resolve() == THEME_DIR for d in dirs):      # a custom_dir: overrides in this repository
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))


def hash_theme(digest: "hashlib._Hash", project: Path) -> None:
    """Every theme file a page may come from: the shipped theme's, then a digest's own overrides/."""
    own = project / "overrides"
    for folder in (THEME_DIR, *([own] if own.is_dir() and own.resolve() != THEME_DIR else [])):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
