"""`digest topics`: how papers fall into topics (report, review, show), pins, proposals."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.loading import analysis_or_exit, digest_or_exit
from generator.commands.options import EXIT_INVALID, cache_option, content_option, model_options


@click.group()
def topics() -> None:
    """See how papers fall into topics, and get proposals for new ones."""


@topics.command("report")
@content_option
@cache_option
@click.option("--json", "as_json", is_flag=True,
              help='Print one JSON object: {"topics": {slug: [ids]}, "unsorted": [ids], "papers": {id: '
                   '{"topics": [first, ...], "confidence": p, "pinned": bool}}}.')
@model_options
def topics_report(content: Path, cache_path: Path, as_json: bool, model: str, embedder: str, topic_models: str) -> None:
    """Per topic: how many papers, their top keyphrases, the papers it is the first topic of that
    the classifier is least sure of (in the unit of `topics show` and `review`); then the papers
    that fit no topic (Unsorted), so a curator can fix the taxonomy or pin papers."""
    import json

    from generator.group.report import print_topic_report

    analysis = _analysis(content, cache_path, model, embedder, topic_models)
    grouping = analysis.grouping
    if as_json:
        papers = {pid: {"topics": list(a.slugs), "confidence": a.confidence, "pinned": a.pinned}
                  for pid, a in sorted(grouping.assignments.items())}
        click.echo(json.dumps({"topics": {s: list(ids) for s, ids in grouping.topic_members.items()},
                               "unsorted": list(grouping.unsorted), "papers": papers}, indent=2))
    else:
        print_topic_report(analysis)


@topics.command("review")
@content_option
@cache_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100),
              help="How many papers to list.")
@model_options
def topics_review(content: Path, cache_path: Path, limit: int, model: str, embedder: str, topic_models: str) -> None:
    """The papers the classifier is least sure of, least sure first, with how sure it is.

    Confidence is the probability of the paper's first topic; the likeliest topic it was not
    given is shown beside it. Pin the ones you can decide (`topics: [slug]` in the paper's
    file): each pin also teaches the classifier about the other papers.
    """
    from generator.group.review import review_queue

    analysis = _analysis(content, cache_path, model, embedder, topic_models)
    assignments = analysis.grouping.assignments
    queue = review_queue(assignments, limit)
    if not queue:
        click.echo("nothing to review: every paper is pinned", err=True)
        return
    for rank, paper_id in enumerate(queue, 1):
        assignment = assignments[paper_id]
        current = (", ".join([f"{assignment.slugs[0]} ({assignment.confidence:.0%} sure)", *assignment.slugs[1:]])
                   if assignment.slugs else "Unsorted")
        other = (f"; {'next likeliest' if assignment.slugs else 'likeliest'} {assignment.alternative[0]} "
                 f"({assignment.alternative[1]:.0%})" if assignment.alternative else "")
        click.echo(f"{rank:2}. {paper_id}: {current}{other}")
    click.echo("pin the ones you can decide: digest topics pin PAPER TOPIC [TOPIC...]", err=True)


@topics.command("show")
@content_option
@cache_option
@click.argument("paper_ids", nargs=-1, required=True, metavar="PAPER...")
@model_options
def topics_show(content: Path, cache_path: Path, paper_ids: tuple[str, ...], model: str, embedder: str,
                topic_models: str) -> None:
    """One paper's topics, first topic first: how sure the classifier is of it, the likeliest
    topic it was not given, and whether the topics are pinned.

    PAPER is the paper's file name without .md (a path to the file works too); several may be given.
    """
    from generator.curation.pins import paper_id_of
    from generator.problems import did_you_mean

    analysis = _analysis(content, cache_path, model, embedder, topic_models)
    assignments, names = analysis.grouping.assignments, analysis.digest.topics
    missing = [paper_id_of(p) for p in paper_ids if paper_id_of(p) not in assignments]
    for paper_id in missing:
        click.echo(f"{paper_id}: no such paper in {content}/papers{did_you_mean(paper_id, assignments)}", err=True)
    if missing:
        sys.exit(EXIT_INVALID)
    for paper_id in map(paper_id_of, paper_ids):
        click.echo(_topics_line(paper_id, assignments[paper_id], names))


def _topics_line(paper_id: str, assignment, names) -> str:
    """'id: First (first, 82% sure), Further; next likeliest Other (9%)', or pinned, or Unsorted."""
    if assignment.pinned:
        return f"{paper_id}: " + ", ".join(names[s].name if s in names else s for s in assignment.slugs) + " (pinned)"
    if not assignment.slugs:
        shown = "Unsorted"
    else:
        first, *further = assignment.slugs
        shown = ", ".join([f"{names[first].name} (first, {assignment.confidence:.0%} sure)",
                           *(names[s].name for s in further)])
    other = (f"; next likeliest {names[assignment.alternative[0]].name} ({assignment.alternative[1]:.0%})"
             if assignment.alternative else "")
    return f"{paper_id}: {shown}{other}"


@topics.command("pin")
@content_option
@click.argument("paper_id", metavar="PAPER")
@click.argument("slugs", nargs=-1, metavar="[TOPIC]...")
@click.option("--clear", is_flag=True, help="Remove the paper's pins: its topics are assigned again.")
def topics_pin(content: Path, paper_id: str, slugs: tuple[str, ...], clear: bool) -> None:
    """Pin a paper's topics, the one it is mainly about first: writes `topics: [...]` into its file.

    PAPER is the paper's file name without .md (a path to the file works too); TOPIC a slug of
    topics.yaml (several may be given, apart or separated by commas). Pinning again replaces the
    pins. Pins always win for the pinned paper, and the classifier learns from them about the
    others: pin the papers `digest topics review` lists first.
    """
    from generator.curation.pins import paper_id_of, pin_problems, split_topics, write_pins

    paper_id, slugs = paper_id_of(paper_id), split_topics(slugs)
    if clear and slugs:
        raise click.UsageError("--clear takes no topics: it removes the pins the paper has")
    if not clear and not slugs:
        raise click.UsageError("give the topics to pin, or --clear")
    digest = digest_or_exit(content)
    problems = pin_problems(digest, content, paper_id, slugs)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        sys.exit(EXIT_INVALID)
    before = next(p.topics for p in digest.papers if p.id == paper_id)
    if before == slugs:
        click.echo(f"{paper_id}: " + (f"already pinned to {', '.join(slugs)}" if slugs else "has no pins") +
                   "; nothing changed", err=True)
        return
    path = write_pins(content, paper_id, slugs)
    was = f" (were: {', '.join(before)})" if before else ""
    click.echo(f"{path}: topics {', '.join(slugs)}{was}" if slugs else f"{path}: pins removed{was}", err=True)


@topics.command("suggest")
@content_option
@cache_option
@click.option("--unsorted", "only_unsorted", is_flag=True, help="Cluster only the papers no topic holds.")
@click.option("--topic", "within", metavar="SLUG",
              help="Cluster only the papers of this topic: how it might split (e.g. a topic holding a third of the papers).")
@click.option("--clusters", default=0, type=click.IntRange(0, 500),
              help="How many clusters to form (default: one per 15 papers).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("topics-proposal.yaml"),
              show_default=True, help="The proposal file to write (never inside the content folder).")
@model_options
def topics_suggest(content: Path, cache_path: Path, only_unsorted: bool, within: str | None, clusters: int,
                   output: Path, model: str, embedder: str, topic_models: str) -> None:
    """Cluster papers on their embeddings and propose topics named from their keyphrases.

    Writes a proposal file to copy from; content/ is never changed.
    """
    from generator.files import write_atomically
    from generator.group.suggest import propose_topics, proposal_yaml
    from generator.problems import no_topic

    if output.resolve().is_relative_to(content.resolve()):
        click.echo(f"{output}: the proposal goes outside {content}/; copy from it by hand", err=True)
        sys.exit(EXIT_INVALID)
    if only_unsorted and within:
        click.echo("--unsorted and --topic: choose one", err=True)
        sys.exit(EXIT_INVALID)
    analysis = _analysis(content, cache_path, model, embedder, topic_models)
    grouping = analysis.grouping
    if within and within not in analysis.digest.topics:
        click.echo(no_topic(content / "topics.yaml", within, analysis.digest.topics), err=True)
        sys.exit(EXIT_INVALID)
    ids = (grouping.unsorted if only_unsorted else grouping.topic_members[within] if within
           else tuple(sorted(p.id for p in analysis.digest.papers)))
    vectors = {pid: analysis.enrichments[pid].embedding for pid in ids}
    topics_of = {pid: grouping.assignments[pid].slugs for pid in ids}
    proposals = propose_topics(ids, vectors, grouping.tags, clusters or max(2, round(len(ids) / 15)), topics_of)
    scope = (f"the {len(ids)} unsorted papers" if only_unsorted else
             f"the {len(ids)} papers of {within}" if within else f"all {len(ids)} papers")
    write_atomically(output, proposal_yaml(proposals, scope))
    for proposal in proposals:
        where = proposal["within"]
        click.echo(f"{len(proposal['members']):4}  {proposal['name']}  "
                   f"[{where['share']:.0%} in {where['topic'] or 'Unsorted'}]")
    click.echo(f"{len(proposals)} proposed topic(s) from {scope} -> {output}", err=True)


def _analysis(content: Path, cache_path: Path, model: str, embedder: str, topic_models: str):
    """The analysis the topics commands read, with a note when topics are described only."""
    from generator.group.review import untaught_note

    analysis = analysis_or_exit(content, cache_path, model, embedder, topic_models)
    if note := untaught_note(analysis.digest):
        click.echo(note, err=True)
    return analysis
