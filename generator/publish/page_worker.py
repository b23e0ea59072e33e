"""A page worker: `python -m generator.publish.page_worker REQUEST.json` (started by page_workers.py).

Builds the request's docs with MkDocs as the build does (mkdocs_run.run_mkdocs), rendering only
the pages of its share; every other file stays among the files, so that links resolve as in the
build, but is not written. Writes result.json beside the request: each page's facts (anchors,
title, links; page_cache.page_facts) and MkDocs' warnings, which the build logs as its own.
Anchors are the build's to check, since only it holds every page's: here they are logged at
debug level, so a broken anchor is reported once.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from generator.publish.mkdocs_run import run_mkdocs
from generator.publish.page_cache import page_facts
from generator.publish.page_workers import RESULT_FILE, unwritten


class RenderShare(BasePlugin):
    def __init__(self, pages: set[str]):
        super().__init__()
        self.pages = pages
        self.facts: dict[str, dict] = {}

    def on_config(self, config):
        config.validation.links.anchors = logging.DEBUG
        return config

    def on_files(self, files: Files, config) -> Files:
        for file in list(files):
            if file.src_uri not in self.pages:
                files.remove(file)
                files.append(unwritten(file))
        return files

    def on_post_page(self, output: str, page, config) -> str:
        self.facts[page.file.src_uri] = page_facts(page)
        return output


def main(request_file: str) -> int:
    request = json.loads(Path(request_file).read_text(encoding="utf-8"))
    share = RenderShare(set(request["pages"]))
    warnings = run_mkdocs(Path(request["config_file"]), Path(request["docs"]), Path(request["site"]), 0,
                          site_url=request["site_url"], extra=request["extra"], strict=False,
                          plugins=[("digest-render-share", share)])
    result = {"facts": share.facts, "warnings": warnings}
    (Path(request_file).parent / RESULT_FILE).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
