"""`digest topics suggest`: clusters of papers named from their keyphrases, as a proposal file."""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

import numpy as np

from generator.curation.rules import slugify_id

MIN_CLUSTER = 3


def cluster_labels(matrix: np.ndarray, clusters: int) -> np.ndarray:
    """k-means on unit vectors (cosine), seeded: deterministic, and linear in the papers. Average-
    linkage clustering, used before, needs the papers x papers distances (39 GB at 70,000) and on
    3,000 real arXiv papers left clusters of 350, 266 and 240 beside many of three."""
    from sklearn.cluster import KMeans

    if clusters <= 1:
        return np.zeros(len(matrix), dtype=int)
    unit = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return KMeans(n_clusters=clusters, n_init=4, random_state=0).fit_predict(unit)


def propose_topics(paper_ids: Sequence[str], vectors: Mapping[str, np.ndarray],
                   tags: Mapping[str, Sequence[str]], clusters: int,
                   topics_of: Mapping[str, Sequence[str]] | None = None) -> list[dict]:
    """Clusters of at least three papers, each named from the keyphrases that set it apart, with
    the existing topic that holds most of its members (`topics_of`: paper id -> its topics), largest
    first."""
    ids = sorted(paper_ids)
    if len(ids) < MIN_CLUSTER:
        return []
    clusters = max(1, min(clusters, len(ids) // MIN_CLUSTER))
    labels = cluster_labels(np.stack([np.asarray(vectors[i], dtype=np.float64) for i in ids]), clusters)
    groups = [[i for i, l in zip(ids, labels) if l == label] for label in sorted(set(labels))]
    groups = [members for members in groups if len(members) >= MIN_CLUSTER]
    groups.sort(key=lambda members: (-len(members), members[0]))
    ranked = _distinctive_keyphrases([[t for i in members for t in set(tags[i])] for members in groups],
                                     [len(members) for members in groups])
    proposals = []
    for members, phrases, naming in zip(groups, ranked, _unique_names(ranked)):
        proposal = {"members": members, "keyphrases": phrases[:8], "name": _name(naming)}
        if topics_of is not None:
            proposal["within"] = _main_topic(members, topics_of)
        proposals.append(proposal)
    return proposals


# A name's phrase is in at least this share of the cluster's papers (and two). Papers carry a few
# specific keyphrases each, so at a tenth only phrases every paper has qualified: splitting
# Language models on 20 real arXiv days, five of eight clusters fell back to "language models, LLMs".
MIN_SUPPORT = 0.03
MIN_LIFT = 1.5        # and this many times commoner in the cluster than in all the papers clustered


def _distinctive_keyphrases(clusters: list[list[str]], sizes: list[int]) -> list[list[str]]:
    """Each cluster's keyphrases by what sets it apart from the papers clustered (its parent, when
    one topic's papers are split): the share of its papers with the phrase times the log of how
    much commoner the phrase is in it than in the parent, among phrases that are commoner by
    MIN_LIFT and held by MIN_SUPPORT of its papers. A phrase the parent has everywhere ("LLMs" in
    Language models) names none of its clusters: on a real month, splitting Language models by
    cluster frequency named three clusters "Language models and LLMs". When nothing stands out,
    the cluster's commonest phrases."""
    total = max(1, sum(sizes))
    everywhere = Counter(t for phrases in clusters for t in phrases)
    result = []
    for phrases, size in zip(clusters, sizes):
        inside = Counter(phrases)
        support = max(2, int(np.ceil(MIN_SUPPORT * size)))
        scored = []
        for phrase, count in inside.items():
            lift = (count / size) / (everywhere[phrase] / total)
            if count >= support and lift >= MIN_LIFT:
                scored.append((-(count / size) * np.log(lift), phrase))
        commonest = sorted(inside, key=lambda t: (-inside[t], t))
        result.append([t for _, t in sorted(scored)] or commonest)
    return result


def _unique_names(ranked: list[list[str]]) -> list[list[str]]:
    """Each cluster's naming phrases, largest cluster first, led by a phrase no sibling's name
    leads with, so that no two siblings share a name."""
    leads: set[str] = set()
    names = []
    for phrases in ranked:
        lead = next((t for t in phrases if t not in leads), phrases[0] if phrases else None)
        if lead is None:
            names.append([])
            continue
        leads.add(lead)
        names.append([lead, *[t for t in phrases if t != lead and t not in leads][:2]])
    return names


def _main_topic(members: Sequence[str], topics_of: Mapping[str, Sequence[str]]) -> dict:
    """The topic most members have (first or further), and that share; Unsorted when most have none."""
    held = Counter(t for pid in members for t in topics_of.get(pid, ()))
    unsorted = sum(1 for pid in members if not topics_of.get(pid))
    topic, count = held.most_common(1)[0] if held else (None, 0)
    if unsorted > count:
        topic, count = None, unsorted
    return {"topic": topic, "share": round(count / len(members), 2)}


def _name(tags: list[str]) -> str:
    if not tags:
        return "Untitled cluster"
    text = tags[0] if len(tags) == 1 else ", ".join(tags[:-1]) + " and " + tags[-1]
    return text[:1].upper() + text[1:]


def proposal_yaml(proposals: list[dict], scope: str) -> str:
    """The proposal file: topics.yaml entries to copy from, with their evidence."""
    import json

    lines = [f"# Topics proposed by `digest topics suggest` from {scope}.",
             "# Copy what helps into content/topics.yaml (name and description); the build never reads this file.",
             "# 'papers' and 'keyphrases' are the evidence: pin exemplar papers with `topics:` in their files.",
             "# 'within' is the topic most of the papers have now: a cluster inside one topic may split it."]
    used: set[str] = set()
    for proposal in proposals:
        slug = base = slugify_id(proposal["name"])[:40].strip("-") or "topic"
        number = 2
        while slug in used:
            slug, number = f"{base}-{number}", number + 1
        used.add(slug)
        description = f"Papers about {', '.join(proposal['keyphrases'][:5])}."
        lines += [f"{slug}:",
                  f"  name: {json.dumps(proposal['name'], ensure_ascii=False)}",
                  f"  description: {json.dumps(description, ensure_ascii=False)}"]
        if "within" in proposal:
            within = proposal["within"]
            lines.append(f"  within: {json.dumps(within['topic'] or 'Unsorted')}  "
                         f"# {within['share']:.0%} of its papers")
        lines += [f"  papers: {json.dumps(proposal['members'])}",
                  f"  keyphrases: {json.dumps(proposal['keyphrases'], ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"
