"""The import graph follows the data flow: import-linter's layers contract in pyproject.toml
(curation at the bottom; importers and enrichment; grouping; the pipeline; rendering; publishing;
the CLI on top), run as `lint-imports` over every import, those inside functions included; and no
module imports itself through others (circles inside a layer, which layers cannot see), found on
the same graph (grimp's, which import-linter builds on)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).parent / "lint-imports")


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    result = subprocess.run([LINT], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_is_checked_on_the_real_graph(tmp_path: Path) -> None:
    """The same tool with two layers swapped (the pipeline below grouping, which it imports)
    reports the imports that break it: the contract above is not kept by vacuity."""
    config = tmp_path / "swapped.toml"
    config.write_text('[tool.importlinter]\nroot_package = "generator"\n\n[[tool.importlinter.contracts]]\n'
                      'name = "swapped"\ntype = "layers"\nlayers = ["generator.group", "generator.pipeline"]\n')
    result = subprocess.run([LINT, "--config", str(config)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "generator.pipeline is not allowed to import generator.group" in result.stdout


def circles(package: str) -> list[list[str]]:
    """The import graph's strongly connected components of more than one module (Tarjan)."""
    graph = grimp.build_graph(package)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = stack[stack.index(module):]
            del stack[stack.index(module):]
            if len(component) > 1:
                found.append(sorted(component))

    for module in edges:
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others() -> None:
    assert circles("generator") == []


def test_a_circle_is_found(tmp_path: Path, monkeypatch) -> None:
    """Two modules importing each other (one inside a function, as the old keyphrases and
    ranking modules did) are reported: the check above is not kept by vacuity."""
    package = tmp_path / "circled"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from circled.b import B\nA = 1\n")
    (package / "b.py").write_text("B = 2\n\ndef late():\n    from circled.a import A\n    return A\n")
    (package / "c.py").write_text("from circled.a import A\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert circles("circled") == [["circled.a", "circled.b"]]


def test_no_module_is_over_300_lines() -> None:
    """Modules a reader can hold in their head (issue 32): split one that grows past this."""
    long = {str(path.relative_to(ROOT)): n for path in sorted((ROOT / "generator").rglob("*.py"))
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}
