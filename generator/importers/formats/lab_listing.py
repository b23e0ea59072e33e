"""Format `lab-listing`: a header line `Title` glued to `First Author, Second Author et al.`,
optionally ` · lab1, lab2`, then the abstract line. A line such as `41.3CVNov 18, 2022`
(a score, an arXiv category, a date) belongs to the paper that follows it.

Headers are told by their structure (a title glued to a list of names, maybe `et al.` and
labs); an abstract is whatever line follows a header, however it is punctuated. Only a line
that is itself a header or a date line is out of place as an abstract.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.importers.records import DumpError, RawPaper, paragraph
from generator.models import PartialDate
from generator.names import is_group_name, split_byline
from generator.problems import Problem

NAME = "lab-listing"
DESCRIPTION = ("a lab listing: 'Title' glued to 'First Author, Second Author et al. · lab', then the abstract; "
               "date lines like '41.3CVNov 18, 2022'")
EXTENSIONS = (".txt",)
DATE_LINE = re.compile(r"^(?P<score>\d+(?:\.\d+)?)(?P<category>[A-Z]{2,4})"
                       r"(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4})$")
HEADER_HINT = re.compile(r"(?:\bet al\.|\S · [a-z0-9-]+(?:, [a-z0-9-]+)*)$")
LAB_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "dos", "du", "bin"}
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|O'|D')(?=[A-Z])")


class HeaderError(ValueError):
    pass


def looks_like(lines: list[str]) -> bool:
    """The first line is a date line or a header (a title glued to names)."""
    first = next((line.strip() for line in lines if line.strip()), "")
    if DATE_LINE.match(first):
        return True
    try:
        split_header(first)
    except HeaderError:
        return False
    return True


def parse(lines: list[str], dump_name: str, display: str) -> list[RawPaper]:
    papers: list[RawPaper] = []
    problems: list[Problem] = []
    pending_date: tuple[int, re.Match[str]] | None = None
    numbered = [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    index = 0
    while index < len(numbered):
        number, line = numbered[index]
        date = DATE_LINE.match(line)
        if date:
            if pending_date:
                problems.append(Problem(display, number, f"two date lines in a row (the first at line "
                                                         f"{pending_date[0]}): which paper is dated?"))
            pending_date = (number, date)
            index += 1
            continue
        if index + 1 >= len(numbered):
            problems.append(Problem(display, number, "a header line with no abstract after it"))
            break
        abstract_number, abstract = numbered[index + 1]
        try:
            title, authors, truncated, labs = split_header(line)
        except HeaderError as exc:
            problems.append(Problem(display, number, str(exc)))
            index += 2
            pending_date = None
            continue
        if DATE_LINE.match(abstract) or is_header_line(abstract):
            problems.append(Problem(display, abstract_number,
                                    f"expected the abstract of '{title}' (line {number}), found a header "
                                    f"or date line: {abstract[:60]!r}"))
        collaboration, people = split_byline(authors)
        papers.append(RawPaper(
            source=f"{dump_name}:{number}", abstract=paragraph(abstract), title=title,
            authors=people, collaboration=collaboration, authors_truncated=truncated, labs=labs,
            published=_date(pending_date[1]) if pending_date else None,
            categories=(f"cs.{pending_date[1]['category']}",) if pending_date else ()))
        pending_date = None
        index += 2
    if pending_date:
        problems.append(Problem(display, pending_date[0], "a date line with no paper after it"))
    if problems:
        raise DumpError(problems, papers)
    return papers


def is_header_line(line: str) -> bool:
    """A header line: it ends like one (`et al.` or ` · labs`) and its title/author split works."""
    if not HEADER_HINT.search(line):
        return False
    try:
        split_header(line)
    except HeaderError:
        return False
    return True


def split_header(line: str) -> tuple[str, tuple[str, ...], bool, tuple[str, ...]]:
    """'TitleFirst Author, Second Author et al. · lab' -> title, authors, truncated, labs.

    The title runs straight into the first author's name, so the split point is a capital
    letter glued to the text before it (`CompressionXinglong`, `Offline RLYang`) that starts
    a run of name words reaching the first comma of the author list. Titles may hold commas
    and colons, so the author list is read from the right.
    """
    rest, separator, lab_text = line.rpartition(" · ")
    if not separator:
        rest, lab_text = line, ""
    labs = tuple(slug.strip() for slug in lab_text.split(",") if slug.strip())
    for slug in labs:
        if not LAB_SLUG.match(slug):
            raise HeaderError(f"lab {slug!r} after ' · ' is not a slug (lowercase letters, digits, hyphens)")
    truncated = rest.endswith(" et al.")
    rest = rest.removesuffix(" et al.").strip()
    chunks = rest.split(", ")
    glue = len(chunks) - 1
    while glue > 0 and _is_name(chunks[glue]):
        glue -= 1
    # a group glued to the title ('SurgeryCOVIDSurg Collaborative') starts before the
    # person-shaped tail of its name ('Surg Collaborative')
    starts = [s for s in (_glued_name_start(chunks[glue]), _glued_group_start(chunks[glue])) if s is not None]
    split = min(starts, default=None)
    if split is None:
        raise HeaderError(f"cannot tell the title from the authors in {line[:80]!r}: "
                          "expected a title glued to 'First Author, Second Author'")
    title = ", ".join(chunks[:glue] + [chunks[glue][:split]]).strip()
    authors = (chunks[glue][split:],) + tuple(chunks[glue + 1:])
    return title, authors, truncated, labs


def _glued_name_start(chunk: str) -> int | None:
    """The leftmost index where a capital glued to the previous character starts a 2-5 word name
    running to the end of the chunk."""
    for index in range(1, len(chunk) - 1):
        if chunk[index].isupper() and not chunk[index - 1].isspace():
            suffix = chunk[index:]
            if 2 <= len(suffix.split()) <= 5 and _is_name(suffix):
                return index
    return None


def _glued_group_start(chunk: str) -> int | None:
    """Where a group glued to the title starts: 'ModelsNVIDIA: Aaron Blakeman' (a colon closes a
    group of any name) or 'ReportDeepSeek-AI' (a name that says it is a group); None otherwise.

    The group starts where a capital begins a word glued to the title ('sN' in 'ModelsNVIDIA', 'Th'
    in 'TeVThe'); within it, no word is glued from more than two capitalised parts ('DeepSeek' is
    one word, 'ReportDeepSeek' and 'VThe' are not). The leftmost such start wins.
    """
    head, colon, tail = chunk.rpartition(": ")
    if not (colon and _is_name(tail)):
        head, tail = chunk, ""
    for index in range(1, len(head)):
        before, after = head[index - 1], head[index + 1:index + 2]
        if head[index].isupper() and (before.islower() or before.isdigit() or (before.isupper() and after.islower())):
            group = head[index:]
            if _is_group_words(group) and (tail or is_group_name(group)):
                return index
    return None


def _is_group_words(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and all(
        (word[0].isupper() or word[0].isdigit() or word in ("the", "of", "and", "for"))
        and len(re.findall(r"[a-z][A-Z]", word)) <= 1 and not re.match(r"[A-Z]{2}[a-z]", word)
        for word in words)


def _is_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5:
        return False
    inner = words[1:-1]
    return (_is_name_word(words[0]) and (_is_name_word(words[-1]) or _is_camel_surname(words[-1]))
            and all(_is_name_word(w) or w in _PARTICLES for w in inner))


def _is_camel_surname(word: str) -> bool:
    """LeCun, DiCarlo, DeVries: capitalised parts of two or more letters. Only a last word may be
    one, so that a title word glued to a first name ('ModelsJane') is never read as a name."""
    return bool(re.fullmatch(r"(?:[^\W\d_][^\W\d_A-Z]+){2,3}", word)) and word[0].isupper() and \
        sum(c.isupper() for c in word) >= 2


def _is_name_word(word: str) -> bool:
    if re.fullmatch(r"[A-Z]\.(?:-?[A-Z]\.)*", word):          # initials: S., J.-P.
        return True
    word = _NAME_PREFIX.sub("", word)
    parts = word.split("-")
    return all(len(p) >= 2 and p[0].isalpha() and (p[0].isupper() or i > 0)
               and p[1:].replace("'", "").replace("’", "").isalpha() and not any(c.isupper() for c in p[1:])
               for i, p in enumerate(parts))


def _date(match: re.Match[str]) -> PartialDate:
    return PartialDate.of(dt.datetime.strptime(match["date"], "%b %d, %Y").date())
