"""All grouping of a digest in one value: what pages and feeds are rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from generator.enrich.canonical import canonical_forms, paper_tags
from generator.group.acronyms import AcronymEntries, acronym_key
from generator.group.authors import Author, author_index
from generator.group.labs import LabGroup, group_labs
from generator.group.related import related_papers
from generator.group.subject_phrases import generic_phrases
from generator.group.topics import (FittedModels, TopicAssignment, TopicSettings, TopicSpace, classify, members,
                                    unsorted)
from generator.models import Digest, Enrichment, Paper


@dataclass(frozen=True)
class Grouping:
    assignments: Mapping[str, TopicAssignment]
    topic_members: Mapping[str, tuple[str, ...]]
    unsorted: tuple[str, ...]
    labs: Mapping[str, LabGroup]
    without_lab: tuple[str, ...]
    related: Mapping[str, tuple[tuple[str, float], ...]]
    authors: Mapping[str, Author]
    tags: Mapping[str, tuple[str, ...]]          # paper id -> its tags, the curator's first (see `paper_index_tags`)
    # paper id -> {tag: the paper's own spelling of it}, where the two differ (see `PaperTags`)
    tag_spellings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Topics only: labs, related papers, authors and tags left empty, for a digest in parts, each
    # of whose sites is grouped on its own (`regroup`); nothing may render from it.
    topics_only: bool = False


def group(digest: Digest, enrichments: Mapping[str, Enrichment], topic_spaces: Sequence[TopicSpace],
          settings: TopicSettings = TopicSettings(), fitted: FittedModels | None = None,
          topics_only: bool = False) -> Grouping:
    """`topic_spaces`: the views topics are assigned from, the main model's (over the
    enrichments' embeddings) first; `fitted`: the topic models fitted in earlier builds;
    `topics_only`: see `Grouping.topics_only` (related papers alone are quadratic in the papers)."""
    papers = sorted(digest.papers, key=lambda p: p.id)
    assignments = classify(papers, digest.topics, topic_spaces, settings, digest.exemplars, fitted)
    if topics_only:
        return Grouping(assignments, members(assignments, sorted(digest.topics)), unsorted(assignments),
                        {}, (), {}, {}, {}, {}, topics_only=True)
    return _grouped(digest, papers, assignments, _related_among(papers, enrichments), enrichments)


def regroup(grouping: Grouping, digest: Digest, enrichments: Mapping[str, Enrichment],
            related: Mapping[str, tuple[tuple[str, float], ...]] | None = None) -> Grouping:
    """The grouping of a part of a digest (`digest` holding only its papers): labs, authors and
    the keyphrase index among those papers alone, related papers among them unless `related`
    gives them (from the whole digest), and the topics the whole digest's classifier gave them
    (a part is not classified again: pins and exemplars teach across periods)."""
    papers = sorted(digest.papers, key=lambda p: p.id)
    assignments = {p.id: grouping.assignments[p.id] for p in papers}
    return _grouped(digest, papers, assignments,
                    _related_among(papers, enrichments) if related is None else related, enrichments)


def _related_among(papers: Sequence[Paper], enrichments: Mapping[str, Enrichment]
                   ) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each paper's related papers among `papers`, those added no later (related.py)."""
    return related_papers({p.id: enrichments[p.id].embedding for p in papers}, added={p.id: p.added for p in papers})


def _grouped(digest: Digest, papers: Sequence[Paper], assignments: Mapping[str, TopicAssignment],
             related: Mapping[str, tuple[tuple[str, float], ...]], enrichments: Mapping[str, Enrichment]) -> Grouping:
    """Everything grouped around the papers' topics: labs, the related papers given, authors and
    the keyphrase index."""
    labs, without = group_labs(digest)
    tags = paper_index_tags(papers, enrichments)
    return Grouping(
        assignments=assignments,
        topic_members=members(assignments, sorted(digest.topics)),
        unsorted=unsorted(assignments),
        labs=labs,
        without_lab=without,
        related=related,
        authors=author_index(digest),
        tags=tags.tags,
        tag_spellings=tags.spellings,
    )


@dataclass(frozen=True)
class PaperTags:
    """Each paper's tags as the keyphrase index files them (`tags`), and, where it differs, how
    the paper itself spells each (`spellings`: its own case and plural, its own definition of an
    acronym). The index's names are corpus-wide, so a day's papers change some of them; a paper's
    page shows its own spelling, which they do not change, linked to the entry."""
    tags: dict[str, tuple[str, ...]]
    spellings: dict[str, dict[str, str]]


def paper_index_tags(papers: Sequence[Paper], enrichments: Mapping[str, Enrichment]) -> PaperTags:
    """Each paper's tags as the site indexes them: the curator's, then the extracted keyphrases in
    their corpus-wide spelling (generator/enrich/canonical.py); an acronym and its expansion one
    entry where the papers define it (acronyms.py); extracted phrases that say nothing of a
    subject left out (subject_phrases.py). A curator's tag is never left out."""
    canonical = canonical_forms(enrichments)
    given = {p.id: tuple(p.tags) for p in papers}
    extracted = {p.id: paper_tags(enrichments[p.id], canonical) for p in papers}
    entries = AcronymEntries({p.id: f"{p.title}. {p.abstract}" for p in papers},
                             {pid: given[pid] + extracted[pid] for pid in given})
    joined_given = {pid: entries.join(pid, tags) for pid, tags in given.items()}
    joined = {pid: entries.join(pid, given[pid] + extracted[pid]) for pid in given}
    generic = generic_phrases(joined, {pid: e.embedding for pid, e in enrichments.items()})
    tags = {pid: tuple(t for t in tags if t not in generic or t in joined_given[pid]) for pid, tags in joined.items()}
    spellings = {}
    for pid in given:
        own = _own_spellings(pid, given[pid], enrichments[pid], canonical, entries)
        spellings[pid] = {tag: own[tag] for tag in tags[pid] if own.get(tag, tag) != tag}
    return PaperTags(tags, {pid: found for pid, found in spellings.items() if found})


def _own_spellings(paper_id: str, given: Sequence[str], enrichment: Enrichment, canonical: Mapping[str, str],
                   entries: AcronymEntries) -> dict[str, str]:
    """entry -> the paper's own spelling of its first tag or keyphrase filed there."""
    own: dict[str, str] = {}
    for tag in given:
        own.setdefault(entries.entry(paper_id, tag), tag)
    for keyphrase in enrichment.keyphrases:
        tag = canonical.get(keyphrase.key, keyphrase.text)
        defined = entries.defined.get(paper_id, {}).get(acronym_key(tag))
        own.setdefault(entries.entry(paper_id, tag), f"{defined[1]} ({defined[0]})" if defined else keyphrase.text)
    return own
