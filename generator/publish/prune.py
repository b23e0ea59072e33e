"""What MkDocs copies into the site that no reader ever loads, removed after the build.

- `assets/javascripts/lunr/`: Material's lunr search and its language packs (~1 MB). The digest
  searches with Pagefind and has no MkDocs search plugin, so nothing loads them.
- `assets/javascripts/workers/search.*.js`: Material's lunr search worker, started only by its
  own search box, which the digest's header replaces (overrides/partials/search.html).
- Source maps (`*.map`, ~1.3 MB in all) and the `sourceMappingURL` comments that name them:
  they serve a developer reading Material's minified code in a debugger, not a reader.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

_SOURCE_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^\n]*?\*/)\s*\Z")


def prune_unused_assets(site: Path) -> int:
    """Removes the files above from a built site; returns the bytes removed."""
    assets = site / "assets"
    removed = 0
    doomed: list[Path] = [p for p in assets.rglob("*.map") if p.is_file()]
    doomed += sorted((assets / "javascripts" / "workers").glob("search.*.js"))
    lunr = assets / "javascripts" / "lunr"
    if lunr.is_dir():
        removed += sum(p.stat().st_size for p in lunr.rglob("*") if p.is_file())
        shutil.rmtree(lunr)
    for path in doomed:
        if path.exists():
            removed += path.stat().st_size
            path.unlink()
    for path in sorted([*assets.rglob("*.js"), *assets.rglob("*.css")]):
        data = path.read_bytes()
        stripped = _SOURCE_MAP_COMMENT.sub(b"\n" if data.endswith(b"\n") else b"", data)
        if stripped != data:
            removed += len(data) - len(stripped)
            path.unlink()                   # a new file: the old may be linked from elsewhere (staging.link_or_write)
            path.write_bytes(stripped)
    workers = assets / "javascripts" / "workers"
    if workers.is_dir() and not any(workers.iterdir()):
        workers.rmdir()
    return removed
