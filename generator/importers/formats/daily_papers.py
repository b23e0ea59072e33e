"""Format `daily-papers`: a daily-papers page copied as text. Page furniture at the top
(`new`, `Subscribe`, a date ...), then title and abstract alternating, one paragraph each.

Title and abstract are told apart by position alone: an abstract may be one sentence, lack
its full stop, or be shorter than its title. A page pasted from several days carries a date
line between papers; it is skipped like the furniture at the top. What stays an error is what
no real page holds: a title with no abstract after it, or a "title" longer than any title can
be (the schema's 400 characters), which means a title or abstract went missing above.
"""

from __future__ import annotations

import re

from generator.curation.schema import field_limit
from generator.importers.records import DumpError, RawPaper, paragraph
from generator.problems import Problem

NAME = "daily-papers"
DESCRIPTION = "a copied daily-papers page: furniture ('new', 'Subscribe', a date), then title and abstract paragraphs"
EXTENSIONS = (".txt",)
FURNITURE = [re.compile(p, re.IGNORECASE) for p in (
    r"^new$", r"^get trending papers in your email inbox!?$", r"^subscribe$",
    r"^by\s*AK and the research community$", r"^daily papers$",
    r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(?:, \d{4})?$",
)]
MAX_TITLE_CHARS = field_limit("paper", "title")


def _is_furniture(line: str) -> bool:
    return any(p.match(line) for p in FURNITURE)


def looks_like(lines: list[str]) -> bool:
    filled = [line.strip() for line in lines if line.strip()]
    return bool(filled) and _is_furniture(filled[0])


def parse(lines: list[str], dump_name: str, display: str) -> list[RawPaper]:
    body = [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    papers: list[RawPaper] = []
    problems: list[Problem] = []
    index = 0
    while index < len(body):
        title_number, title = body[index]
        if _is_furniture(title):
            index += 1
            continue
        if len(paragraph(title)) > MAX_TITLE_CHARS:
            problems.append(Problem(display, title_number, "expected a title here, found a paragraph: "
                                                           "the page is out of step (a title or abstract missing above?)"))
            break
        if index + 1 >= len(body):
            problems.append(Problem(display, title_number, f"the title {title[:60]!r} has no abstract after it"))
            break
        abstract = body[index + 1][1]
        papers.append(RawPaper(source=f"{dump_name}:{title_number}",
                               abstract=paragraph(abstract), title=paragraph(title)))
        index += 2
    if not papers and not problems:
        problems.append(Problem(display, 1, "no papers found after the page furniture"))
    if problems:
        raise DumpError(problems, papers)
    return papers
