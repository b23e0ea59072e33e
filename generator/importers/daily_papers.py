"""Format `daily-papers`: a daily-papers page copied as text. Page furniture at the top
(`new`, `Subscribe`, a date ...), then title and abstract alternating, one paragraph each.

Title and abstract are told apart by position. Their shapes are only checked, so that a
page that is out of step (a lost title or abstract) is reported rather than misread.
"""

from __future__ import annotations

import re

from generator.importers.records import DumpError, RawPaper, is_prose
from generator.problems import Problem

NAME = "daily-papers"
FURNITURE = [re.compile(p, re.IGNORECASE) for p in (
    r"^new$", r"^get trending papers in your email inbox!?$", r"^subscribe$",
    r"^by\s*AK and the research community$", r"^daily papers$",
    r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(?:, \d{4})?$",
)]
MAX_TITLE_WORDS = 40


def _is_furniture(line: str) -> bool:
    return any(p.match(line) for p in FURNITURE)


def looks_like(lines: list[str]) -> bool:
    filled = [line.strip() for line in lines if line.strip()]
    return bool(filled) and _is_furniture(filled[0])


def parse(lines: list[str], dump_name: str, display: str) -> list[RawPaper]:
    numbered = [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    start = 0
    while start < len(numbered) and _is_furniture(numbered[start][1]):
        start += 1
    body = numbered[start:]
    papers: list[RawPaper] = []
    problems: list[Problem] = []
    for index in range(0, len(body), 2):
        title_number, title = body[index]
        if index + 1 >= len(body):
            problems.append(Problem(display, title_number, f"the title {title[:60]!r} has no abstract after it"))
            break
        abstract_number, abstract = body[index + 1]
        if len(title.split()) > MAX_TITLE_WORDS or is_prose(title, 25):
            problems.append(Problem(display, title_number, "expected a title here, found a paragraph: "
                                                           "the page is out of step (a title or abstract missing above?)"))
            break
        if not is_prose(abstract, min_words=5):
            problems.append(Problem(display, abstract_number, f"expected the abstract of {title[:60]!r} "
                                                              f"(line {title_number}), found {abstract[:60]!r}"))
            break
        papers.append(RawPaper(source=f"{dump_name}:{title_number}",
                               abstract=" ".join(abstract.split()), title=" ".join(title.split())))
    if not papers and not problems:
        problems.append(Problem(display, 1, "no papers found after the page furniture"))
    if problems:
        raise DumpError(problems)
    return papers
