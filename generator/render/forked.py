"""Render a site's pages in more than one process, where the platform can fork.

Rendering a year's root is some 6,400 Jinja templates (about 4 s) in one process while the build
machine's other core waits. A forked child shares the analysis the pages are made from without
copying or pickling it; each renders a share of the pages and sends back only their text. Where
there is no fork (Windows) or it is unsafe (macOS), and for small sites, pages are rendered here.

A child that fails, or does not answer in time, costs time, not the build: its share is rendered
in this process, which then raises what the child met, as a build in one process would.
"""

from __future__ import annotations

import multiprocessing
import sys
from typing import Callable, Sequence

FORK_FROM = 1000            # pages; below this a child's start costs about what it saves
CHILD_SECONDS = 120.0       # a child that has not answered by then is stopped and its share rendered here

Job = tuple[str, Callable[[], str]]      # a page's docs path and what renders its text


def can_fork() -> bool:
    """Not in a daemonic process (a pool's worker), which may have no children."""
    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and not multiprocessing.current_process().daemon)


def render_jobs(jobs: Sequence[Job], processes: int) -> dict[str, str]:
    """Each job's text by its path, in `processes` processes (this one and forked children)."""
    if processes < 2 or len(jobs) < FORK_FROM or not can_fork():
        return {path: make() for path, make in jobs}
    context = multiprocessing.get_context("fork")
    shares = [list(jobs[start::processes]) for start in range(processes)]
    children = []
    for share in shares[1:]:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_render_share, args=(share, send), daemon=True)
        child.start()
        send.close()
        children.append((share, receive, child))
    pages = {path: make() for path, make in shares[0]}
    for share, receive, child in children:
        texts = _answer(receive, child, len(share))
        pages.update(zip((path for path, _ in share), texts if texts is not None else (make() for _, make in share)))
    return pages


def _answer(receive, child, expected: int) -> list[str] | None:
    """The child's texts, or None when it failed, died or took too long."""
    try:
        texts = receive.recv() if receive.poll(CHILD_SECONDS) else None
    except (EOFError, OSError):
        texts = None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    ok = isinstance(texts, list) and len(texts) == expected and all(isinstance(text, str) for text in texts)
    return texts if ok else None


def _render_share(share: list[Job], send) -> None:
    try:
        send.send([make() for _, make in share])
    except BaseException as exc:       # the parent renders the share again and meets it itself
        send.send(f"{type(exc).__name__}: {exc}")
    finally:
        send.close()
