"""What a command prints about problems and progress, and how it exits on them."""

from __future__ import annotations

import sys

import click

from generator.commands.options import EXIT_INVALID


def warn_left_out(errors) -> None:
    """Each error of a paper left out of the site, then one line naming those papers."""
    if not errors:
        return
    for problem in errors:
        click.echo(str(problem), err=True)
    papers = sorted({problem.path for problem in errors})
    click.echo(f"warning: {len(papers)} paper(s) with errors left out: {', '.join(papers)}. Fix them "
               "(digest validate lists every problem); with --strict the build stops instead.", err=True)


LOG_EVERY = 10.0       # seconds between progress lines when stderr is a log, not a terminal


def progress(label: str):
    """A context manager yielding a `report(done, total)` callback: a progress bar on a terminal;
    in a log (CI), a line `label: done/total` at most every LOG_EVERY seconds, and the last one."""
    from contextlib import contextmanager

    @contextmanager
    def bar():
        from rich.progress import Progress

        with Progress(transient=True) as shown:
            task = shown.add_task(label, total=None)

            def report(done: int, total: int) -> None:
                shown.update(task, completed=done, total=total)

            yield report

    @contextmanager
    def lines():
        import time

        last = [float("-inf")]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= LOG_EVERY:
                last[0] = now
                click.echo(f"{label}: {done}/{total}", err=True)

        yield report

    return bar() if sys.stderr.isatty() else lines()


def exit_with_problems(problems, closing: str | None = None) -> None:
    """Print every problem (path:line: message), then exit 2."""
    for problem in problems:
        click.echo(str(problem), err=True)
    if closing:
        click.echo(closing, err=True)
    sys.exit(EXIT_INVALID)
