"""What an abstract tells besides itself: links it mentions, and a title when none is given.

A derived title is built from what the abstract says it contributes, in this order:

1. a name it introduces (`ActiveNeRF`, `PPT`) with what that name is: its expansion
   (`token Pruning & Pooling Transformers (PPT)` -> `PPT: Token Pruning & Pooling Transformers`,
   matched letter by letter as Schwartz & Hearst's abbreviation algorithm does) or the phrase
   around it (`X, a framework for Y`, `a framework for Y called X`) -> `X: a framework for Y`;
2. the object of its contribution clause (`we propose a hierarchical algorithm for ...`);
3. the object of a study or a claim (`we study how ...`, `we show that ...`);
4. the opening sentence's first clause, or, when that is too long for a title, its subject
   (`The incredible development of federated learning (FL) has benefited ...` ->
   `Incredible development of federated learning (FL)`).

A title is never a sentence cut off with "…": a phrase too long for a title ends at its last
noun before the limit, without the prepositional tail it was cut in.
"""

from __future__ import annotations

import re

from generator.curation.identifiers import CODE_HOSTS, add_link

_URL = re.compile(r"(?:\bhttps?:)?//(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
                  r"(?P<path>/[^\s<>\"'()\[\]{}]*)?")
_SUBJECT = r"(?:we|this (?:paper|work|article|study|letter)|here,? we|our (?:work|paper))"
_ADVERB = r"(?:(?:first|further|also|then|thus|therefore|hence|instead|finally|newly)\s+)?"
_CONTRIBUTE = re.compile(
    rf"\b{_SUBJECT}\s+{_ADVERB}(?:propose|present|introduce|develop|design|launch|devise|build|put forward|"
    r"contribute|describe|construct|release|create|establish|formulate|offer)s?\s+(?P<phrase>[^.;!?]+)",
    re.IGNORECASE)
_STUDY = re.compile(
    rf"\b{_SUBJECT}\s+{_ADVERB}(?:study|studies|investigate|analy[sz]e|explore|examine|revisit|address|tackle|"
    r"consider|focus on|focuses on|aim to|aims to|seek to|seeks to)\s+(?P<phrase>[^.;!?]+)", re.IGNORECASE)
_CLAIM = re.compile(
    rf"\b{_SUBJECT}\s+{_ADVERB}(?:show|find|demonstrate|argue|prove|observe|discover)s?\s+that\s+(?P<phrase>[^.;!?]+)",
    re.IGNORECASE)
_CUT = re.compile(r",\s*(?:which|that|where|whereby|namely|i\.e|e\.g|to|by|with|while|whose)\b"
                  r"|\s(?:that|which|where|whereby|to|by|so that|in order to|as|with which|capable of|"
                  r"and (?:show|demonstrate|evaluate|achieve|use|apply|prove|provide|release))\s"
                  r"|\s\((?![A-Z][\w-]*\))|\s[-–—]\s|:")
_NAMING = re.compile(r"\b(?:called|dubbed|named|termed|coined|namely|denoted(?: as)?)\s+(?P<name>[^\s,;:()]+)",
                     re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:a|an|the|our|to|two|three)\s+)?(?:(?:novel|new|simple|general|first|effective|"
                      r"efficient|generic|unified|principled|powerful|straightforward|yet|and|highly)[,\s]+)*",
                      re.IGNORECASE)
_NOT_A_START = {"that", "how", "it", "this", "our", "these", "those", "them", "an", "a", "the", "to", "in"}
_TRAILING = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "by", "via", "from", "that", "which",
             "is", "are", "as", "at", "or", "called", "dubbed", "named", "termed", "coined", "namely", "denoted"}
_NOUN_PHRASE_ENDS = {"to", "that", "which", "for", "and", "in", "with", "by", "on", "via", "as", "is", "are", "can",
                     "using", "where", "whose", "while", "from", "under", "based", "we", "our", "at"}
MAX_TITLE_WORDS = 14


def extract_links(abstract: str) -> dict[str, str]:
    """Links mentioned in the text, by kind (code, project, ...), normalised to https."""
    links: dict[str, str] = {}
    for match in _URL.finditer(abstract):
        host = match.group("host").lower()
        path = (match.group("path") or "").rstrip(".,:;")
        url = f"https://{host}{path}"
        kind = "code" if host.removeprefix("www.") in CODE_HOSTS else (
            "arxiv" if host.endswith("arxiv.org") else "project")
        add_link(links, kind, url)
    return links


def derive_title(abstract: str) -> str:
    """A title for a paper known only by its abstract (see the module's docstring)."""
    text = " ".join(abstract.split())
    for match in _CONTRIBUTE.finditer(text):
        title = _named_title(text, match) or _phrase_title(match.group("phrase"))
        if title:
            return title
    for pattern in (_STUDY, _CLAIM):
        for match in pattern.finditer(text):
            title = _phrase_title(match.group("phrase"))
            if title:
                return title
    first_sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".")
    return _capitalise(_clip(_opening_words(first_sentence)))


_CLAUSE_END = re.compile(r",\s|;\s|\s(?:due to|because|which|while|whereas|since|although|but)\s")
_MAIN_VERB = re.compile(r"\s(?:is|are|was|were|has|have|had|plays?|remains?|becomes?|extracts?|achieves?|"
                        r"shows?|lies|lie|can|could|may|might|should|must|will|would|do|does|often|usually)\s")


def _opening_words(sentence: str) -> list[str]:
    """The opening sentence's first clause; its subject when the clause is longer than a title."""
    clause = _CLAUSE_END.split(sentence, maxsplit=1)[0]
    if len(clause.split()) <= MAX_TITLE_WORDS:
        return clause.split()
    subject = _LEADING.sub("", _MAIN_VERB.split(clause, maxsplit=1)[0]).split()
    return subject if 2 <= len(subject) <= MAX_TITLE_WORDS else clause.split()


def _named_title(text: str, match: re.Match[str]) -> str | None:
    """`Name: what it is` when the contribution clause introduces a name the abstract had not used."""
    phrase = match.group("phrase")
    name = _new_name(phrase, text[:match.start()])
    if not name:
        return None
    before, _, after = phrase.partition(name)
    expansion = expansion_of(name, text) or _glossed(name, after)
    if expansion:
        # the whole noun phrase when the clause holds it: "token Pruning & Pooling Transformers (PPT)"
        lead = re.split(r",|\b(?:namely|called|dubbed|named|termed|coined)\b", before.rstrip(" ("))[-1]
        lead = _LEADING.sub("", lead.strip()).strip()
        if lead.endswith(expansion) and len(lead.split()) <= len(expansion.split()) + 2:
            expansion = lead
        return _clip(f"{name}: {_capitalise(expansion)}".split())
    after = after.lstrip(" ,)-–—")
    own = _NAMING.sub("", _CUT.split(before, maxsplit=1)[0]).strip(" ,(")
    own = re.sub(r"\b(?:called|dubbed|named|termed|coined|namely|denoted(?: as)?)$", "", own).strip(" ,")
    if len(own.split()) >= 2:                                       # "a framework for Y called X"
        what = own
    else:                                                           # "X, a framework for Y", "X method for Y"
        what = _CUT.split(after, maxsplit=1)[0]
    what = _LEADING.sub("", what.strip(" ,")).strip(" ,")
    if len(what.split()) < 2 or name in what:
        return name
    return _clip(f"{name}: {what}".split())


def _glossed(name: str, after: str) -> str | None:
    """`VQA-E (VQA with Explanation)`: a name followed by its gloss in parentheses."""
    match = re.match(r"\s*\(([^()]{3,80})\)", after)
    return match.group(1).strip() if match and len(match.group(1).split()) >= 2 else None


def _new_name(phrase: str, earlier: str) -> str | None:
    """The first name-like word of the clause (inner capitals or digits: `ActiveNeRF`, `PPT`,
    `MaxK-GNN`, `GPT-4`) that the abstract has not used before it: a name it introduces."""
    window = _CUT.split(phrase, maxsplit=1)[0] + " " + " ".join(phrase.split()[:25])
    for found in re.finditer(r"[A-Za-z][\w-]*[\w]", window):
        word = found.group(0)
        if (_is_name(word) and not re.search(rf"\b{re.escape(word)}\b", earlier)
                and not _modifier_acronym(window, found)):
            return word
    return None


def _modifier_acronym(text: str, found: re.Match[str]) -> bool:
    """`bird's-eye-view (BEV) detector`: an abbreviation in parentheses that the noun phrase goes
    on past is a term the paper uses, not the name of what it proposes."""
    if text[found.start() - 1:found.start()] != "(" or text[found.end():found.end() + 1] != ")":
        return False
    following = re.match(r"\)\s+([a-z][\w-]*)", text[found.end():])
    return bool(following) and following.group(1) not in _NOUN_PHRASE_ENDS


def _is_name(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    # capitals after a hyphen are a compound's (Self-Reference), not a name's
    inner_caps = sum(c.isupper() and word[i] != "-" for i, c in enumerate(word[1:]))
    return len(letters) >= 2 and (inner_caps >= 1 and not word.isupper() or word.isupper() and len(letters) >= 3
                                  or bool(re.search(r"[A-Za-z]-?\d", word)) and word[0].isupper())


def expansion_of(short: str, text: str) -> str | None:
    """The long form `short` abbreviates, when the text defines it as `Long Form (SHORT)`.

    Schwartz & Hearst (2003): walk the short form's letters from the right, finding each in the
    words before the parenthesis, the first letter at a word start; the long form is at most
    min(|S| + 5, 2|S|) words."""
    match = re.search(rf"([^()]+?)\s*\(\s*{re.escape(short)}\s*[),;]", text)
    if not match:
        return None
    words = match.group(1).split()
    limit = min(len(short) + 5, 2 * len(short))
    candidate = " ".join(words[-limit:])
    letters = [c.lower() for c in short if c.isalnum()]
    position = len(candidate) - 1
    for index in range(len(letters) - 1, -1, -1):
        while position >= 0 and (candidate[position].lower() != letters[index]
                                 or index == 0 and position > 0 and candidate[position - 1].isalnum()):
            position -= 1
        if position < 0:
            return None
        position -= 1
    start = candidate.rfind(" ", 0, position + 1) + 1
    long_form = candidate[start:].strip()
    if len(long_form.split()) < 2 or len(long_form) <= len(short):
        return None
    return long_form


def _phrase_title(phrase: str) -> str | None:
    phrase = re.sub(r"^(?:that|how)\s+(?=\w)", lambda m: m.group(0) if m.group(0).startswith("how") else "",
                    phrase.strip())
    phrase = _CUT.split(phrase, maxsplit=1)[0] if not phrase.lower().startswith("how ") else phrase
    phrase = _LEADING.sub("", phrase.strip()).strip(" ,")
    words = phrase.split()
    if len(words) < 2 or words[0].lower() in _NOT_A_START - {"how"}:
        return None
    return _capitalise(_clip(words))


def _clip(words: list[str]) -> str:
    while words and words[-1].lower().strip(",") in _TRAILING:
        words = words[:-1]
    if len(words) <= MAX_TITLE_WORDS:
        return " ".join(words).rstrip(",")
    clipped = words[:MAX_TITLE_WORDS]
    # end before the prepositional phrase the limit cut into, so the title ends on a noun
    tail = max((i for i, w in enumerate(clipped) if i >= 3 and w.lower() in _NOUN_PHRASE_ENDS), default=None)
    if tail is not None:
        clipped = clipped[:tail]
    while clipped and clipped[-1].lower().strip(",") in _TRAILING:
        clipped.pop()
    return " ".join(clipped).rstrip(",")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
