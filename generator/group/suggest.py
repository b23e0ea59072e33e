"""`digest topics suggest`: clusters of papers named from their keyphrases, as a proposal file."""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

import numpy as np

from generator.curation.rules import slugify_id

MIN_CLUSTER = 3


def propose_topics(paper_ids: Sequence[str], vectors: Mapping[str, np.ndarray],
                   tags: Mapping[str, Sequence[str]], clusters: int) -> list[dict]:
    """Clusters (agglomerative, cosine, average linkage: deterministic) of at least three papers,
    each named from the keyphrases its members share most, largest first."""
    from sklearn.cluster import AgglomerativeClustering

    ids = sorted(paper_ids)
    if len(ids) < MIN_CLUSTER:
        return []
    clusters = max(1, min(clusters, len(ids) // MIN_CLUSTER))
    matrix = np.stack([vectors[i] for i in ids])
    labels = AgglomerativeClustering(n_clusters=clusters, metric="cosine", linkage="average").fit_predict(matrix) \
        if clusters > 1 else np.zeros(len(ids), dtype=int)
    everywhere = Counter(tag for i in ids for tag in set(tags[i]))
    proposals = []
    for label in sorted(set(labels)):
        members = [i for i, l in zip(ids, labels) if l == label]
        if len(members) < MIN_CLUSTER:
            continue
        inside = Counter(tag for i in members for tag in set(tags[i]))
        # Shared inside the cluster, rarer outside it: tf * idf over the clustered papers.
        shared = [t for t in inside if inside[t] >= max(2, len(members) // 3)] or list(inside)
        ranked = sorted(shared, key=lambda t: (-inside[t] * np.log(len(ids) / everywhere[t]), t))
        top = ranked[:3]
        proposals.append({"members": members, "keyphrases": ranked[:8], "name": _name(top)})
    proposals.sort(key=lambda p: (-len(p["members"]), p["members"][0]))
    return proposals


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
             "# 'papers' and 'keyphrases' are the evidence: pin exemplar papers with `topics:` in their files."]
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
                  f"  description: {json.dumps(description, ensure_ascii=False)}",
                  f"  papers: {json.dumps(proposal['members'])}",
                  f"  keyphrases: {json.dumps(proposal['keyphrases'], ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"
