"""Render a share of a build's pages in processes of their own (the build's side of it).

MkDocs renders one page after another in one process, about 10 ms a page here, while the build
machine has more cores: a year's day renders some 1,300 pages again and a cold build every page.
When a build has many pages to render, the page cache (generator/publish/page_cache.py) hands a
share of them to page workers: each is a MkDocs build of the same docs and configuration in a
process of its own (generator/publish/page_worker.py) that renders only its share and leaves
every other file unwritten. The build then moves the workers' pages into its site and checks
their links and anchors as it checks a reused page's.

A page's HTML depends only on its source, its address and the site's configuration and theme
(the premise of the page cache), so a worker renders it byte for byte as the build would:
tests/test_page_workers.py compares whole sites. A worker that fails costs time, not the build:
the pages are rendered in the build's own process instead (`PageWorkersFailed`).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence, TypeVar

from mkdocs.structure.files import File, Files

import generator

WORKERS_ENV = "DIGEST_PAGE_WORKERS"     # how many worker processes; 0 turns them off
PAGES_PER_WORKER = 300      # below this many pages to render, a worker's start (about 2 s) costs more than it saves
WORKER_MODULE = "generator.publish.page_worker"
REQUEST_FILE = "request.json"
RESULT_FILE = "result.json"
FOLDER = ".digest-page-workers"      # in the site being built, until the workers' pages are moved out
log = logging.getLogger("mkdocs.digest.page_workers")    # the workers' warnings, counted in strict mode
F = TypeVar("F", bound=File)


class PageWorkersFailed(Exception):
    """A page worker did not render its share; the message says why."""


class UnwrittenFile(File):
    """A file this process does not write: another process renders or copies it. It stays among
    the build's files, so that links to it resolve exactly as they would to the page itself."""

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass


def recast(file: File, kind: type[F]) -> F:
    """`file` as a File of another kind (unwritten, reused, linked), at the same source and address."""
    return kind(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, dest_uri=file.dest_uri,
                inclusion=file.inclusion)


def unwritten(file: File) -> UnwrittenFile:
    return recast(file, UnwrittenFile)


def worker_count(pages: int) -> int:
    """Workers for a build with `pages` to render: one a core beside the build's own, one per
    PAGES_PER_WORKER pages; DIGEST_PAGE_WORKERS sets the number (0: none) for any build of two
    pages or more."""
    wanted = _wanted()
    if wanted is not None:
        return wanted if pages >= 2 else 0
    return max(0, min(_cores() - 1, pages // PAGES_PER_WORKER))


def render_processes() -> int:
    """Processes the build's render may use (generator/render/forked.py): its own and one a spare
    core, or DIGEST_PAGE_WORKERS more."""
    wanted = _wanted()
    return 1 + (wanted if wanted is not None else max(0, _cores() - 1))


def _wanted() -> int | None:
    wanted = os.environ.get(WORKERS_ENV, "").strip()
    if not wanted:
        return None
    try:
        return max(0, int(wanted))
    except ValueError:
        raise PageWorkersFailed(f"{WORKERS_ENV}={wanted!r} is not a number of processes") from None


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass
class PageWorker:
    folder: Path                 # its request, result, log and the site it renders into
    pages: list[str]             # the docs paths of its share
    process: subprocess.Popen

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def result(self, timeout: float) -> dict:
        """{"facts": {docs path: page facts}, "warnings": [[level, message], ...]}, once it is done."""
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise PageWorkersFailed(f"a page worker took more than {timeout:.0f} s") from None
        try:
            result = json.loads((self.folder / RESULT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result = None
        if code != 0 or not isinstance(result, dict) or set(result.get("facts", ())) != set(self.pages):
            log = (self.folder / "log.txt").read_text(encoding="utf-8", errors="replace").strip().splitlines()
            raise PageWorkersFailed(f"a page worker exited with {code}: {log[-1] if log else 'no message'}")
        return result

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def start_workers(shares: Sequence[list[str]], request: dict, scratch: Path) -> list[PageWorker]:
    """One worker a share, each in a folder of its own below `scratch`; `request` is what
    mkdocs_run.run_mkdocs was given (configuration file, docs, address, extra)."""
    workers = []
    env = dict(os.environ)
    # the worker imports this very generator, also where another checkout is installed in the venv
    here = str(Path(generator.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([here] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    for number, share in enumerate(shares):
        folder = scratch / str(number)
        folder.mkdir(parents=True)
        (folder / REQUEST_FILE).write_text(json.dumps({**request, "site": str(folder / "site"), "pages": share}),
                                           encoding="utf-8")
        with open(folder / "log.txt", "wb") as log:
            process = subprocess.Popen([sys.executable, "-m", WORKER_MODULE, str(folder / REQUEST_FILE)],
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env)
        workers.append(PageWorker(folder, share, process))
    return workers


class PageWorkers:
    """A build's page workers: started with the pages it has to render, collected after its own."""

    def __init__(self) -> None:
        self.workers: list[PageWorker] = []
        self.unwritten: dict[str, UnwrittenFile] = {}       # docs path -> a page a worker renders
        self.scratch: Path | None = None

    def start(self, to_render: list[File], count: int, files: Files, request: dict, site: Path) -> None:
        """`count` workers for all but a share of `to_render`, taken round the list so that each
        share holds pages of every kind; their files become unwritten ones in `files`."""
        shares = [to_render[start::count + 1] for start in range(1, count + 1)]
        for file in (file for share in shares for file in share):
            files.remove(file)
            self.unwritten[file.src_uri] = unwritten(file)
            files.append(self.unwritten[file.src_uri])
        self.scratch = site / FOLDER
        self.workers = start_workers([[file.src_uri for file in share] for share in shares], request, self.scratch)

    def collect(self, site: Path) -> Iterator[tuple[str, str, dict]]:
        """Each worker's pages moved into `site`, as (docs path, HTML, facts); their warnings
        logged as the build's own. Raises PageWorkersFailed if a worker did not render its share."""
        try:
            for worker in self.workers:
                result = worker.result(timeout=120 + len(worker.pages))
                for level, message in result["warnings"]:
                    log.log(level, message)
                for uri, facts in result["facts"].items():
                    dest = self.unwritten[uri].dest_uri
                    try:
                        (site / dest).parent.mkdir(parents=True, exist_ok=True)
                        os.replace(worker.site / dest, site / dest)
                        html = (site / dest).read_text(encoding="utf-8")
                    except (OSError, ValueError) as exc:
                        raise PageWorkersFailed(f"a page worker's {dest}: {exc}") from None
                    yield uri, html, facts
        finally:
            self.stop()

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
