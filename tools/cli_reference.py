"""Writes docs/cli.md from the `digest` commands themselves: each command's `--help`, as click
prints it, under a heading of its own. The reference cannot drift from the code:
tests/test_docs.py fails when docs/cli.md differs from what this writes.

    .venv/bin/python tools/cli_reference.py            # rewrite docs/cli.md
    .venv/bin/python tools/cli_reference.py --check    # exit 1 when docs/cli.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.cli import cli  # noqa: E402

TARGET = ROOT / "docs" / "cli.md"
WIDTH = 100
INTRO = """Every command that reads the content tree takes `--content DIR` (default `content/`); `keyphrases`
and `cache` work on JSONL files and the cache instead. Every command has `--help`. Commands that embed
(`enrich`, `build`, `serve`, `topics ...`) take `--model NAME` (default `all-MiniLM-L6-v2`,
shipped offline); another sentence-transformers model must be a local path, since nothing is
downloaded: a model that cannot be loaded is an error (exit 2). They also take `--embedder
onnx|torch` (default `onnx`: the model is exported once to `onnx/` beside the cache and run by
ONNX Runtime; a model that cannot be exported runs on PyTorch, with a one-line notice). Both
give the same embeddings, so the cache serves either. `--topic-models A,B` (default
`all-mpnet-base-v2`, shipped offline; `none` for `--model` alone) names further models whose
view of the topics is averaged with `--model`'s. A `--cache` inside the content folder is refused
(exit 2). Files the commands write go through a temporary file renamed into place, keep the mode
of the file they replace (new ones follow the umask), and an edit through a symbolic link changes
the file it links to; an import writes all its files or none, and a file that cannot be written
is named (`error: FILE: reason`, exit 1)."""


def commands(group: click.Group, path: list[str]):
    """(name path, command), depth first, in the order `--help` lists them."""
    context = click.Context(group, info_name=path[-1])
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield [*path, name], command
        if isinstance(command, click.Group):
            yield from commands(command, [*path, name])


def help_text(path: list[str], command: click.Command) -> str:
    """The command's --help, in contexts made as `digest` makes them (the root's settings, such
    as -h, inherited), at a fixed width so the file does not depend on the terminal."""
    context = click.Context(cli, info_name=path[0], terminal_width=WIDTH, max_content_width=WIDTH,
                            **cli.context_settings)
    for name in path[1:]:
        context = click.Context(context.command.get_command(context, name), info_name=name, parent=context)
    return context.command.get_help(context)


def reference() -> str:
    parts = ["# Command-line reference", "",
             "Generated from the commands by `tools/cli_reference.py`: each is what `digest COMMAND --help` "
             "prints.", "", INTRO, ""]
    for path, command in commands(cli, ["digest"]):
        parts += [f"## {' '.join(path)}", "", "```text", help_text(path, command).rstrip(), "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = reference()
    if "--check" in sys.argv[1:]:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is stale: run .venv/bin/python tools/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
