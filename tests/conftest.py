from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the valid fixture content tree, with the working directory beside it
    so that reported paths read `content/papers/<id>.md`."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", target)
    monkeypatch.chdir(tmp_path)
    return target


def paper_text(front_matter: str, abstract: str = "An abstract about something new.") -> str:
    return f"---\n{front_matter.strip()}\n---\n{abstract}\n"


# CI runs must be reproducible: the same examples every time (locally they vary and explore).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")


# The browser tests' sites, browser and pages (tests/browser_support.py), shared by every test file.
from tests.browser_support import browser, hostile_site, page, seed_site  # noqa: E402,F401
