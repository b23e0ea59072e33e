"""Reading a file of the deployed site (`parts.json`, a part's `part.json`), from its address or a
local path: what `digest build --reuse-parts-from` and `digest deploy-plan --live` compare with."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path


class LiveSiteError(Exception):
    pass


def read_live(location: str) -> str | None:
    """The text at a URL or in a file; None when there is none (HTTP 404, no such file)."""
    if "://" not in location:
        path = Path(location)
        return path.read_text(encoding="utf-8") if path.is_file() else None
    try:
        with urllib.request.urlopen(location, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise LiveSiteError(f"{location}: HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise LiveSiteError(f"{location}: {getattr(exc, 'reason', exc)}") from None


def part_reader(site_url: str):
    """`live_part(key)` for build_site: the deployed part's `part.json` below `site_url`, or None
    when it is not there or cannot be read (then the part is built, which is always right)."""
    base = site_url if site_url.endswith("/") else site_url + "/"

    def live_part(key: str) -> str | None:
        try:
            return read_live(f"{base}{key}/part.json")
        except LiveSiteError:
            return None

    return live_part
