"""An import's plan as data: the files it would create or fill in (`FileChange`), the conflicts
and skipped references it reports, the new labs and the counts of its summary (`ImportPlan`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problem


@dataclass(frozen=True)
class FileChange:
    path: Path
    text: str
    paper_id: str
    is_new: bool
    source: str = ""          # "<dump file name>:<line>" of the paper's first source


@dataclass
class ImportPlan:
    changes: list[FileChange] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    new_labs: list[str] = field(default_factory=list)
    labs_text: str | None = None
    counts: Counter = field(default_factory=Counter)
    skipped: list[Problem] = field(default_factory=list)
