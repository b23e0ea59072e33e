"""`digest diff`'s report written out: for a terminal (`as_text`) and as Markdown for a pull
request's summary (`as_markdown`, `$GITHUB_STEP_SUMMARY`)."""

from __future__ import annotations

from generator.publish.change_report import LISTED, ChangeReport, PaperChange, first_topic
from generator.render.escape import md_text


def _topics_text(paper: PaperChange) -> str:
    if not paper.topics:
        return "Unsorted (no topic fits)"
    first, *further = paper.topics
    if paper.pinned:
        return ", ".join(name for name, _ in paper.topics) + " (pinned)"
    return ", ".join([f"{first[0]} ({first[1]:.0%} sure)", *(name for name, _ in further)])


def _was_text(report: ChangeReport, paper: PaperChange) -> str:
    """A changed paper's topics before, when they differ (a pin, an edited abstract)."""
    before = report.was.get(paper.id)
    if before is None or [n for n, _ in before.topics] == [n for n, _ in paper.topics]:
        return ""
    return f" (was {', '.join(n for n, _ in before.topics) or 'Unsorted'})"


def _untaught_text(report: ChangeReport) -> str | None:
    if not report.untaught:
        return None
    return (f"Topics described only, not yet taught by pins or exemplars: {', '.join(report.untaught)}; their "
            "papers' topics are rough (pin a few papers a topic).")


def _registry_lines(report: ChangeReport) -> list[str]:
    lines = []
    for name, changes in report.registries.items():
        parts = [f"{kind} {', '.join(changes[kind])}" for kind in ("added", "changed", "removed") if changes[kind]]
        if parts:
            lines.append(f"{name}.yaml: " + "; ".join(parts))
    return lines


def _labs_text(paper: PaperChange) -> str:
    return ", ".join([*paper.labs, *(f"{slug} (inferred)" for slug in paper.inferred_labs)]) or "none"


def _listed(paths: list[str]) -> str:
    shown = ", ".join(paths[:LISTED])
    return shown + (f" and {len(paths) - LISTED} more" if len(paths) > LISTED else "")


def _size_text(report: ChangeReport) -> str:
    change = report.bytes_after - report.bytes_before
    return (f"{report.bytes_before / 1e6:.2f} MB -> {report.bytes_after / 1e6:.2f} MB "
            f"({'+' if change >= 0 else '-'}{abs(change) / 1e3:,.1f} KB) of pages, feeds and map data before MkDocs")


def as_text(report: ChangeReport) -> str:
    out = [f"Compared with {report.base}: {len(report.added)} paper(s) added, {len(report.changed)} changed, "
           f"{len(report.removed)} removed."]
    out += _registry_lines(report)
    if note := _untaught_text(report):
        out.append(note)
    for heading, papers in (("Added", report.added), ("Changed", report.changed)):
        for paper in papers:
            flag = "  [low confidence: check its topics]" if paper.low else ""
            out.append(f"{heading}: {paper.id}: {paper.title}" + (" (title derived)" if paper.title_derived else ""))
            if paper.id in report.fields:
                out.append(f"  edited: {', '.join(report.fields[paper.id])}")
            out += [f"  topics: {_topics_text(paper)}{flag}{_was_text(report, paper)}", f"  labs: {_labs_text(paper)}",
                    f"  highlight: {paper.highlight}"]
    out += [f"Removed: {pid}: {title}" for pid, title in report.removed]
    if report.moved:
        out.append(f"First topic moved, file not edited: {len(report.moved)} paper(s)")
        out += [f"  {after.id}: {first_topic(before) or 'Unsorted'} -> {_topics_text(after)}"
                for before, after in report.moved[:LISTED]]
        if len(report.moved) > LISTED:
            out.append(f"  and {len(report.moved) - LISTED} more")
    if report.derived_titles:
        out.append("Derived titles to check (set `title:` and remove `title_derived`): "
                   + ", ".join(p.id for p in report.derived_titles))
    for name, changes in (("Pages", report.pages), ("Feeds", report.feeds)):
        out.append(f"{name}: " + "; ".join(f"{len(changes[k])} {k}" + (f" ({_listed(changes[k])})" if changes[k] else "")
                                           for k in ("added", "changed", "removed")))
    out.append(f"Size: {_size_text(report)}")
    return "\n".join(out) + "\n"


def as_markdown(report: ChangeReport) -> str:
    # Markdown text through md_text (all ASCII punctuation backslash-escaped, as CommonMark allows,
    # and & < > " ' as entities): titles and highlights stay text in GitHub's rendering too
    out = [f"## What this change does to the digest (compared with `{report.base.replace('`', '')}`)", "",
           f"{len(report.added)} paper(s) added, {len(report.changed)} changed, {len(report.removed)} removed.", ""]
    if note := _untaught_text(report):
        out += [f"> {md_text(note)}", ""]
    if registry := _registry_lines(report):
        out += ["### Taxonomy and labs", ""] + [f"- {md_text(line)}" for line in registry] + [""]
    for heading, papers in (("Added", report.added), ("Changed", report.changed)):
        if papers:
            out += [f"### {heading}", "", "| paper | topics | labs | highlight |", "|---|---|---|---|"]
            for p in papers:
                title = md_text(p.title) + (" *(title derived)*" if p.title_derived else "")
                if p.id in report.fields:
                    title += f" *(edited: {md_text(', '.join(report.fields[p.id]))})*"
                flag = " ⚠ low confidence" if p.low else ""
                out.append(f"| `{p.id}`: {title} | {md_text(_topics_text(p) + _was_text(report, p))}{flag} | "
                           f"{md_text(_labs_text(p))} | {md_text(p.highlight)} |")
            out.append("")
    if report.removed:
        out += ["### Removed", ""] + [f"- `{pid}`: {md_text(title)}" for pid, title in report.removed] + [""]
    if report.moved:
        out += [f"### First topic moved ({len(report.moved)} paper(s) whose file was not edited)", ""]
        out += [f"- `{after.id}`: {md_text(first_topic(before) or 'Unsorted')} → {md_text(_topics_text(after))}"
                for before, after in report.moved[:LISTED]]
        out += ([f"- and {len(report.moved) - LISTED} more"] if len(report.moved) > LISTED else []) + [""]
    if report.derived_titles:
        out += ["### Derived titles to check", "",
                "Set `title:` from the paper and remove `title_derived: true`:", ""]
        out += [f"- `{p.id}`: {md_text(p.title)}" for p in report.derived_titles] + [""]
    out += ["### Pages and feeds", "", "| | added | changed | removed |", "|---|---:|---:|---:|"]
    for name, changes in (("pages", report.pages), ("feeds", report.feeds)):
        out.append(f"| {name} | {len(changes['added'])} | {len(changes['changed'])} | {len(changes['removed'])} |")
    out.append("")
    for name, changes in (("Pages", report.pages), ("Feeds", report.feeds)):
        for kind in ("added", "removed"):
            if changes[kind]:
                out.append(f"{name} {kind}: " + md_text(_listed(changes[kind])))
    out += ["", f"Size: {md_text(_size_text(report))}.", ""]
    return "\n".join(out)
