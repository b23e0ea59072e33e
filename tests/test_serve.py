"""`digest serve`: a curator's edit shows up in the served site within seconds."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.site_helpers import make_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.model
def test_serve_rebuilds_when_content_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    port = free_port()
    env = dict(os.environ, DIGEST_SITE_URL=f"http://127.0.0.1:{port}/")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = f"http://127.0.0.1:{port}/papers/disparse/"
        assert wait_for(lambda: "DiSparse" in fetch(page), 240), "the site was never served"
        paper = project / "content" / "papers" / "disparse.md"
        paper.write_text(paper.read_text().replace("note: \"Pruning that respects every task of a multitask model.\"",
                                                   "note: \"Edited while the server runs.\""))
        assert wait_for(lambda: "Edited while the server runs." in fetch(page), 120), "the edit never showed"
        paper.write_text(paper.read_text().replace("title:", "titel:"))
        time.sleep(6)
        assert "Edited while the server runs." in fetch(page)         # a broken edit keeps the last good site
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    pages = len(list((project / "build" / "docs").rglob("*.md")))                # the last good build's pages
    assert pages > 20 and f"rebuilt: {pages} pages" in output
    assert "unknown field 'titel'" in output and "the last good site is still served" in output


def test_a_taken_port_is_said_before_anything_is_built(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=project,
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "TMPDIR": str(tmp_path)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: port {port} on 127.0.0.1 is taken")
    assert not list(tmp_path.glob("digest-serve-*"))               # nothing was built, nothing left
