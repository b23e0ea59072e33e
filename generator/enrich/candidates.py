"""Keyphrase candidates: noun phrases of the text itself.

Stock KeyBERT drops stop words and then forms n-grams across the gaps ("rely lidar point").
Here a candidate is a run of adjectives and nouns ending in a noun, found by a part-of-speech
tagger, so it never crosses a stop word or punctuation, keeps hyphenated words whole
("goal-conditioned") and keeps the text's casing for display ("NeRF", "RL").

The tagger is TextBlob's Pattern tagger (a Brill tagger whose lexicon ships inside the
package, so it runs offline): on Inspec train it gave better candidates than spaCy's small
English model (macro F1@10 33.3 vs 30.9 with the same ranking) at a twentieth of the cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Callable

Tagged = list[tuple[str, str]]

NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS"})
ADJECTIVES = frozenset({"JJ", "JJR", "JJS"})
PARTICIPLES = frozenset({"VBN", "VBG", "VBD"})
MAX_WORDS = 5
_WORD = re.compile(r"^[A-Za-z0-9][\w-]*[A-Za-z0-9]$")
# Modifiers that say nothing about the subject; a phrase never starts with one.
GENERIC_MODIFIERS = frozenset("""
new novel various different several many much more most other such same existing proposed
recent current further certain particular main major key important significant good better
best high higher low lower large larger small smaller great greater whole entire overall
previous prior last first second third next few little less least lot lots own specific
general typical usual common simple effective efficient
""".split())


# Gerunds that technical writing uses as nouns; a tagger reads them as verbs and cuts
# "reinforcement learning" down to "reinforcement".
GERUND_NOUNS = frozenset("""
learning training pretraining pre-training fine-tuning finetuning tuning modeling modelling pruning
reasoning planning clustering computing processing sampling engineering understanding parsing
matching encoding embedding rendering tracking forecasting labeling labelling grounding captioning
answering inpainting denoising scheduling filtering boosting hashing routing mapping reconstructing
programming prompting scaling distilling retrieving
""".split())


# Verbs of scientific reporting, which a tagger reads as nouns after a plural subject ("PINNs
# exhibit high sensitivity", "methods use pixels") or before a name ("present ARC"). A closed
# class: they end a noun phrase wherever they stand.
REPORTING_VERBS = frozenset(
    form for verb in """
    present propose introduce use show achieve exhibit demonstrate enable outperform improve provide
    require yield leverage employ adopt apply learn perform obtain reach allow make take give bring
    reduce increase capture remain become lead help suffer decode encode generate predict produce
    surpass exceed match consist rely focus aim seek tend fail need suggest reveal indicate
    generalize generalise converge behave operate
    """.split() for form in (verb, verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s")))


# Adjectives that judge rather than describe, as abstracts use them to sell a result
# ("remarkable zero-shot performance", "superior accuracy"). A closed list: a lexicon's
# "subjective" adjectives also hold technical terms (artificial intelligence, random forests,
# autonomous driving, strong convexity), which a reader's keyphrases keep.
EVALUATIVE = frozenset("""
remarkable superior promising impressive significant substantial excellent outstanding competitive
powerful notable unprecedented extraordinary exceptional tremendous great good favorable favourable
satisfactory compelling appealing attractive encouraging surprising striking dramatic considerable
enormous huge vast incredible amazing elegant crucial vital essential paramount popular prominent
prevalent ubiquitous sophisticated state-of-the-art cutting-edge leading superb solid decent
nontrivial non-trivial challenging daunting prohibitive severe serious poor suboptimal unsatisfactory
first-of-its-kind first-ever groundbreaking ground-breaking innovative revolutionary best-in-class
world-class game-changing seminal unparalleled unmatched
""".split())


def is_evaluative(word: str) -> bool:
    """'superior', and comparatives of judging adjectives ('greater', 'greatest')."""
    word = word.lower()
    if word in EVALUATIVE:
        return True
    for suffix in ("est", "er"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            bases = {base, base + "e", base[:-1] if len(base) > 2 and base[-1] == base[-2] else base}
            if bases & EVALUATIVE:
                return True
    return False


@dataclass(frozen=True)
class Candidate:
    text: str          # as written in the text: casing and hyphens kept
    position: int      # index of its first occurrence among the document's phrases
    count: int
    # Written with a capital inside a sentence somewhere ("the Transformer"): a name.
    capitalised: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


@cache
def pattern_tagger() -> Callable[[str], Tagged]:
    from textblob.en.taggers import PatternTagger

    tagger = PatternTagger()
    return lambda text: tagger.tag(text, tokenize=True)


def soften_title_case(text: str) -> str:
    """'Adapting Modern Image Backbones. We ...' -> 'adapting modern image backbones. We ...'.

    A Title Case title makes a tagger read every word as a proper noun. Words of a Title
    Case first sentence are lowercased unless the rest of the text writes them capitalised
    too (names such as 'Gaussian'); acronyms and mixed case ('NeRF', 'CNNs') never change.
    """
    head, separator, rest = text.partition(". ")
    words = head.split()
    capitalised = [w for w in words if _title_cased(w)]
    if not separator or len(words) < 3 or len(capitalised) < 0.6 * len(words):
        return text
    softened = [w.lower() if _title_cased(w) and not re.search(rf"\b{re.escape(w)}\b", rest) else w
                for w in words]
    return " ".join(softened) + separator + rest


def _title_cased(word: str) -> bool:
    parts = word.strip(",:;()").split("-")
    return bool(parts[0][:1].isupper()) and all(
        p[1:].islower() or p[1:] == "" for p in parts if p) and all(p[:1].isupper() or p.islower() for p in parts if p)


def noun_phrases(tagged: Tagged, max_words: int = MAX_WORDS, reader_style: bool = True) -> list[Candidate]:
    """Maximal adjective/noun runs ending in a noun, first occurrence first, counted
    case-insensitively (the first spelling is kept). Reader style: a reporting verb ends a
    run, and a run never starts with a judging adjective."""
    phrases: list[tuple[str, bool]] = []
    run: Tagged = []
    after: str = "."            # the token before the run: a run after a sentence end is no name
    tagged = [(w, "NN" if t.startswith("VB") and w.lower() in GERUND_NOUNS else t) for w, t in tagged]
    for previous, (word, tag) in zip([("", "."), *tagged], [*tagged, ("", "")]):
        if _in_phrase(word, tag) and not (reader_style and word.lower() in REPORTING_VERBS):
            if not run:
                after = previous[0]
            run.append((word, tag))
            continue
        while run and run[-1][1] not in NOUNS:
            run.pop()
        while run and (run[0][0].lower() in GENERIC_MODIFIERS
                       or reader_style and run[0][1] in ADJECTIVES and is_evaluative(run[0][0])):
            run.pop(0)
            after = "-"
        if run:
            words = [w for w, _ in run[-max_words:]]
            first = words[0]
            mid_sentence = after not in {".", "!", "?", ":", ""} or len(words) < len(run)
            phrases.append((" ".join(words), mid_sentence and first[:1].isupper() and not first.isupper()))
        run = []
    found: dict[str, Candidate] = {}
    for phrase, capitalised in phrases:
        key = phrase.lower()
        if key in found:
            c = found[key]
            found[key] = Candidate(c.text, c.position, c.count + 1, c.capitalised or capitalised)
        else:
            found[key] = Candidate(phrase, len(found), 1, capitalised)
    return list(found.values())


def _in_phrase(word: str, tag: str) -> bool:
    if not _WORD.match(word):
        return False
    return tag in NOUNS or tag in ADJECTIVES or (tag in PARTICIPLES and "-" in word)
