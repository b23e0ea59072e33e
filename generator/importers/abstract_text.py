"""What an abstract tells besides itself: links it mentions, and a title when none is given."""

from __future__ import annotations

import re

_URL = re.compile(r"(?:\bhttps?:)?//(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
                  r"(?P<path>/[^\s<>\"'()\[\]{}]*)?")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")
_CLAUSE = re.compile(
    r"\b(?:we|this (?:paper|work|article)|here,? we)\s+(?:first\s+|further\s+|also\s+|then\s+)?"
    r"(?:propose|present|introduce|develop|design|launch)s?\s+(?P<phrase>[^.;:!?]+)", re.IGNORECASE)
_CUT = re.compile(r",\s*(?:which|that|where|whereby|namely|i\.e|e\.g|to|dubbed|called)\b"
                  r"|,?\s+and\s+(?:provide|show|demonstrate|propose|evaluate|conduct|achieve|use|apply"
                  r"|prove|identify|discuss|release|validate|theoretically|empirically)\b"
                  r"|\s(?:that|which|where|whereby|to|by|so that|in order to|as|with which|capable of)\s"
                  r"|\s\(")
_NAMED = re.compile(r"^(?P<name>[A-Z][\w-]*[A-Z0-9][\w-]*)\s*,\s+(?P<what>(?:a|an)\s.+)$")
_LEADING = re.compile(r"^(?:(?:a|an|the)\s+)?(?:(?:novel|new|simple|general|first)[,\s]+)*", re.IGNORECASE)
MAX_TITLE_WORDS = 12


def extract_links(abstract: str) -> dict[str, str]:
    """Links mentioned in the text, by kind (code, project, ...), normalised to https."""
    links: dict[str, str] = {}
    for match in _URL.finditer(abstract):
        host = match.group("host").lower()
        path = (match.group("path") or "").rstrip(".,:;")
        url = f"https://{host}{path}"
        kind = "code" if host.removeprefix("www.") in _CODE_HOSTS else (
            "arxiv" if host.endswith("arxiv.org") else "project")
        if url in links.values():
            continue
        key, number = kind, 2
        while key in links:
            key, number = f"{kind}-{number}", number + 1
        links[key] = url
    return links


def derive_title(abstract: str) -> str:
    """A title from the 'we propose/present/introduce ...' clause, else the opening words."""
    for match in _CLAUSE.finditer(abstract):
        phrase = match.group("phrase").strip()
        named = _NAMED.match(phrase)
        if named:
            what = _CUT.split(named.group("what"), maxsplit=1)[0].strip(" ,")
            return _clip(f"{named.group('name')}: {what}".split())
        phrase = re.sub(r"^to\s+", "", phrase)
        phrase = _CUT.split(phrase, maxsplit=1)[0]
        phrase = _LEADING.sub("", phrase.strip()).strip(" ,")
        words = phrase.split()
        if len(words) >= 2 and not words[0].lower() in {"that", "how", "it", "this", "our"}:
            return _capitalise(_clip(words))
    first_sentence = re.split(r"(?<=[.!?])\s", abstract.strip(), maxsplit=1)[0].rstrip(".")
    return _capitalise(_clip(first_sentence.split()))


def _clip(words: list[str]) -> str:
    if len(words) <= MAX_TITLE_WORDS:
        return " ".join(words)
    clipped = words[:MAX_TITLE_WORDS]
    while clipped and clipped[-1].lower() in {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "by"}:
        clipped.pop()
    return " ".join(clipped) + "…"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
