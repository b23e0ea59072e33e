"""The search stage: Pagefind indexes the built site in its staging folder, before the swap.

Pagefind (the `pagefind[bin]` wheel ships its binary, so this works offline) writes a fragmented
index under `pagefind/`: a query loads only the fragments its words need, so search stays fast
as the digest grows, where MkDocs' search plugin ships one JSON index every visitor downloads.
What it indexes is chosen by the templates (`data-pagefind-body`, `-ignore`, `-weight`,
`-filter`, `-meta`; see overrides/main.html).

Pagefind's fragments are stable between runs, but its filter indexes list their values in hash-map
order, which changes from run to run (Pagefind issue #638: "other files will still change, such
as the filter/metadata indexes"). `canonicalise_bundle` sorts them and renames the files by their
content, so the same site gives a byte-identical bundle like every other output.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"


class SearchIndexError(Exception):
    """Pagefind failed; its output is in `messages`."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


# The pages Pagefind indexes are those whose front matter has `search` (overrides/main.html):
# papers, topics and labs. Pointed at them alone, it does not open the others (authors, the
# keyphrase index, weeks: 2,900 of a year's root's 6,465 pages) only to find no
# `data-pagefind-body` there: 9.2 → 6.7 s of CPU on that root.
INDEXED_PAGES = "{**/papers/*/index.html,topics/**/*.html,labs/**/*.html}"


def pagefind_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
            "--force-language", "en", "--silent", "--glob", INDEXED_PAGES,
            # the permalink "¶" MkDocs appends to headings is not part of a title
            "--exclude-selectors", ".headerlink"]


def index_site(site: Path) -> None:
    """Write the Pagefind bundle into `site/pagefind/`; SearchIndexError when Pagefind fails."""
    try:
        done = subprocess.run(pagefind_command(site), capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError([f"pagefind could not run: {exc}"]) from None
    if done.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        output = (done.stderr + done.stdout).strip().splitlines() or [f"pagefind exited with {done.returncode}"]
        raise SearchIndexError([f"pagefind: {line}" for line in output[-20:]])
    canonicalise_bundle(site / BUNDLE)


_SIGNATURE = b"pagefind_dcd"    # what every compressed Pagefind index file starts with, after gunzip


def _read_index(path: Path) -> object:
    import cbor2

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError([f"pagefind: unexpected index file format in {path.name}"])
    return cbor2.loads(data[len(_SIGNATURE):])


def _write_index(folder: Path, prefix: str, suffix: str, value: object, digits: int) -> str:
    """Write `value` as Pagefind does (signature + CBOR, gzipped), named by its content hash."""
    import cbor2

    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def canonicalise_bundle(bundle: Path) -> None:
    """Sort the values of every filter index and the filter list of every language's meta index."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_index(meta_path)
        # [version, pages, index chunks, filters [[name, file hash]], sorts, meta fields]
        filters = []
        for name, old_hash in sorted(meta[3]):
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read_index(old_path)
            canonical = [filter_name, sorted([value, sorted(pages)] for value, pages in values)]
            old_path.unlink()
            filters.append([name, _write_index(bundle / "filter", language, ".pf_filter", canonical, 7)])
        meta[3] = filters
        meta_path.unlink()
        info["hash"] = _write_index(bundle, f"pagefind.{language}", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
