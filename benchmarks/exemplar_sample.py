"""How content/exemplars.jsonl and data/arxiv-two-readers.json were made: papers drawn at random
from real arXiv days, written out in chunks for blind readers, their labels merged back.

    .venv/bin/python benchmarks/exemplar_sample.py draw MIRROR_GIT_DIR OUT_DIR
    .venv/bin/python benchmarks/exemplar_sample.py merge OUT_DIR        # -> content/exemplars.jsonl

MIRROR_GIT_DIR is the git directory of dw-dengwei/daily-arXiv-ai-enhanced (branch `data`, one JSONL
file a day; see shared/bench/README.md). `draw` takes only days of 2025-03 to 2026-02, never the 20
benchmark days (2025-10-29 to 2025-11-28) nor any paper of the two-reader set, in three samples
(seeded, so the same papers are drawn again):

- 800 papers of cs.CV, cs.CL and cs.AI from 60 random days (the field's mix);
- 320 papers of other primary categories (cs.LG, cs.GR, eess.IV, cs.RO, cs.IR ...) from every
  third day, so that topics the field rarely lists first (robotics, systems, recommenders) have
  examples;
- 1,280 more of cs.CV, cs.CL and cs.AI from 90 random days;
- (a second round, when the learning curve still rose at 2,312 exemplars) 2,000 more of cs.CV,
  cs.CL and cs.AI from 120 random days and 400 more of other categories from 120 random days.

Each chunk of 80 (`<name>.md`: id, title, abstract) went to a reader with content/topics.yaml
(comment lines removed) and these instructions, and nothing else: give each paper 1-3 topic slugs,
primary first, only further topics that clearly hold, [] when none fits; read every abstract; no
code, no model. Each reader wrote `<name>_labels.json` ({id: [slugs]}); `merge` joins them to the
drawn papers and writes the labelled ones (not the [] ones) as exemplars, sorted by first topic.
The two-reader set (data/arxiv-two-readers.json) was drawn the same way from the 20 benchmark
days (seed 20261206, 240 papers, none of data/arxiv-reader-labels.json), each chunk read by two
readers independently.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELD = ("cs.CV", "cs.CL", "cs.AI")
CHUNK = 80
# (name, seed, days drawn or every n-th day, papers, primary categories wanted)
SAMPLES = [("train", 7, ("random", 60), 800, "field"), ("trainB", 11, ("every", 3), 320, "other"),
           ("trainC", 23, ("random", 90), 1280, "field"), ("trainD", 37, ("random", 120), 2000, "field"),
           ("trainE", 41, ("random", 120), 400, "other")]


def day_files(git: str) -> list[str]:
    names = subprocess.run(["git", "--git-dir", git, "ls-tree", "-r", "--name-only", "refs/heads/data"],
                           capture_output=True, text=True, check=True).stdout.split()
    return sorted(n for n in names if n.startswith("data/") and n.endswith(".jsonl") and "_" not in n[5:]
                  and "2025-03" <= n[5:15] < "2026-03" and not "2025-10-29" <= n[5:15] <= "2025-11-28")


def records(git: str, name: str) -> list[dict]:
    text = subprocess.run(["git", "--git-dir", git, "show", f"refs/heads/data:{name}"],
                          capture_output=True, text=True).stdout
    found = []
    for line in text.splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return found


def draw(git: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    labelled = json.loads((ROOT / "benchmarks" / "data" / "arxiv-two-readers.json").read_text())
    seen = set(labelled["reader A"])
    files = day_files(git)
    for name, seed, (how, n_days), size, kind in SAMPLES:
        rng = random.Random(seed)
        days = rng.sample(files, n_days) if how == "random" else files[::n_days]
        pool: dict[str, dict] = {}
        for day in days:
            for r in records(git, day):
                categories = r.get("categories") or []
                first = categories[0] if categories else ""
                wanted = (first in FIELD if kind == "field" else
                          first not in FIELD and first.startswith(("cs.", "eess.", "stat.")))
                if wanted and r.get("summary") and r.get("title") and r["id"] not in seen:
                    pool.setdefault(r["id"], {"id": r["id"], "title": " ".join(r["title"].split()),
                                              "abstract": " ".join(r["summary"].split())})
        sample = rng.sample(list(pool.values()), size)
        seen |= {p["id"] for p in sample}
        (out / f"{name}.json").write_text(json.dumps(sample, indent=1))
        for i in range(0, size, CHUNK):
            (out / f"{name}{i // CHUNK}.md").write_text("".join(
                f"## {p['id']}\nTitle: {p['title']}\n\n{p['abstract']}\n\n" for p in sample[i:i + CHUNK]))
        print(f"{name}: {size} papers from {len(days)} days -> {out}/{name}*.md")


def merge(out: Path) -> None:
    labels: dict[str, list[str]] = {}
    for path in sorted(out.glob("*_labels.json")):
        labels.update(json.loads(path.read_text()))
    papers = [p for name, *_ in SAMPLES for p in json.loads((out / f"{name}.json").read_text())]
    rows = sorted((p for p in papers if labels.get(p["id"])), key=lambda p: (labels[p["id"]][0], p["id"]))
    lines = [json.dumps({"source": f"arXiv:{p['id']}", "topics": labels[p["id"]], "title": p["title"],
                         "abstract": p["abstract"]}, ensure_ascii=False) for p in rows]
    (ROOT / "content" / "exemplars.jsonl").write_text("".join(line + "\n" for line in lines))
    print(f"{len(rows)} exemplars ({len(papers) - len(rows)} papers no topic fits left out) -> content/exemplars.jsonl")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "draw":
        draw(sys.argv[2], Path(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "merge":
        merge(Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
