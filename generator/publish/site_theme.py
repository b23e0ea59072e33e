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
from typing import Iterable

THEME_DIR = (Path(__file__).parents[1] / "theme").resolve()


def add_theme(config) -> None:
    """Search THEME_DIR after the digest's own custom_dir (if any) and before Material."""
    dirs = config.theme.dirs
    if any(Path(d).resolve() == THEME_DIR for d in dirs):      # a custom_dir: overrides in this repository
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))


def hash_theme(digest: "hashlib._Hash", theme_dirs: Iterable[str]) -> None:
    """Every theme file a page may come from, in the folders the loaded configuration searches:
    a digest's own custom_dir (whatever its name) and the shipped theme. Material's own folders are
    left out: its version stands for them."""
    shipped = {Path(module.__file__).resolve().parent for module in _theme_packages()}
    for folder in map(Path, theme_dirs):
        if any(folder.resolve().is_relative_to(package) for package in shipped):
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())


def _theme_packages() -> list:
    import material
    import mkdocs

    return [material, mkdocs]
