"""`digest init`: a new digest of one's own, ready to validate, build, check and deploy.

A new digest is a Git repository of its own with only what a curator edits or CI runs:
`content/` (an example taxonomy, labs file and paper), `mkdocs.yml` (this project's, with the
new site's name and address), the generator pinned (`requirements.txt`: the generator at one
commit; `requirements.lock`: everything it needs, hash-pinned, the generator's own lock), a
`Makefile` with its two commands, the check and deploy workflows, a pre-commit hook, a
`.gitignore` and a curators' README. The theme is not copied: `digest build` takes it from the
installed generator (`generator/theme`), so a new release of the generator brings its pages.

`mkdocs.yml` and `requirements.lock` are this repository's own files (symbolic links in this
package), so a new digest gets what the generator is tested with, never a stale copy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
DISTRIBUTION = "paper-digest"


class ScaffoldError(Exception):
    """Nothing was written: the message says why."""


@dataclass(frozen=True)
class Generator:
    """How the new digest installs this generator: a pip requirement, and the repository and
    commit its pre-commit hook comes from (None: installed from elsewhere; the hook then runs the
    installed `digest` as a local hook)."""

    requirement: str
    repository: str | None = None
    commit: str | None = None


def installed_generator() -> Generator:
    """The generator as it is installed here, from its PEP 610 record (direct_url.json): a Git
    checkout at its commit, a local folder or archive by its URL, else the released version."""
    dist = metadata.distribution(DISTRIBUTION)
    record = json.loads(dist.read_text("direct_url.json") or "{}")
    url = record.get("url")
    vcs = record.get("vcs_info") or {}
    if url and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return Generator(f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}", url, vcs["commit_id"])
    if url:
        return Generator(f"{DISTRIBUTION} @ {url}")
    return Generator(f"{DISTRIBUTION}=={dist.version}")


def mkdocs_config(name: str, url: str, description: str) -> str:
    """This project's mkdocs.yml with the new site's name, description and address."""
    text = (HERE / "mkdocs.yml").read_text(encoding="utf-8")
    values = {"site_name": json.dumps(name, ensure_ascii=False),
              "site_description": json.dumps(description, ensure_ascii=False),
              "site_url": f"!ENV [DIGEST_SITE_URL, {json.dumps(url)}]"}
    for key, value in values.items():
        text, found = re.subn(rf"^{key}:.*$", lambda _: f"{key}: {value}", text, count=1, flags=re.M)
        if not found:
            raise ScaffoldError(f"{HERE / 'mkdocs.yml'}: no {key} line to fill in")
    return text


def pre_commit_config(generator: Generator) -> str:
    if generator.repository and generator.commit:
        hook = (f"  - repo: {generator.repository}\n    rev: {generator.commit}\n    hooks:\n"
                "      - id: digest-validate\n")
    else:
        hook = ("  - repo: local\n    hooks:\n      - id: digest-validate\n        name: digest validate\n"
                "        entry: .venv/bin/digest validate --errors-only\n        language: system\n"
                "        files: ^content/\n        pass_filenames: false\n")
    return ("# pre-commit install: `digest validate` before every commit that touches content/; a commit\n"
            "# with errors stops, each error named by file and line.\nrepos:\n" + hook)


def planned_files(name: str, url: str, generator: Generator) -> dict[str, str]:
    """Relative path -> text of every file of the new digest."""
    if not url.endswith("/"):
        url += "/"
    content = FILES / "content"
    out = {f"content/{path.relative_to(content).as_posix()}": path.read_text(encoding="utf-8")
           for path in sorted(content.rglob("*")) if path.is_file()}
    env = Environment(loader=FileSystemLoader(FILES), undefined=StrictUndefined, keep_trailing_newline=True,
                      autoescape=False)
    out.update({
        "mkdocs.yml": mkdocs_config(name, url, f"{name}: a curated digest of research papers."),
        "README.md": env.get_template("README.md.j2").render(name=name, url=url, generator_home=generator.repository),
        "Makefile": (FILES / "Makefile").read_text(encoding="utf-8"),
        "requirements.txt": ("# The generator this digest is built with (see README.md, \"New releases\").\n"
                             f"{generator.requirement}\n"),
        "requirements.lock": (HERE / "requirements.lock").read_text(encoding="utf-8"),
        ".gitignore": (FILES / "gitignore").read_text(encoding="utf-8"),
        ".pre-commit-config.yaml": pre_commit_config(generator),
        ".github/workflows/checks.yml": (FILES / "workflows" / "checks.yml").read_text(encoding="utf-8"),
        ".github/workflows/deploy.yml": (FILES / "workflows" / "deploy.yml").read_text(encoding="utf-8"),
    })
    return out


def init_digest(target: Path, name: str, url: str, generator: Generator | None = None) -> list[Path]:
    """Write a new digest into `target` (made if missing); the files written, in order. Refuses,
    writing nothing, when any of them exists already."""
    if not name.strip():
        raise ScaffoldError("the site needs a name (--name)")
    if not re.match(r"https?://[^/\s]+", url):
        raise ScaffoldError(f"--url {url!r}: give the address the site will be published at, as http(s)://host/path/")
    files = planned_files(name.strip(), url, generator or installed_generator())
    existing = [relative for relative in files if (target / relative).exists()]
    if existing:
        raise ScaffoldError(f"{target}: already holds {', '.join(existing[:5])}"
                            f"{' and more' if len(existing) > 5 else ''}; nothing was written")
    written = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
