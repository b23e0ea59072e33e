"""The import graph follows the data flow: import-linter's layers contract in pyproject.toml
(curation at the bottom; importers and enrichment; grouping; the pipeline; rendering; publishing;
the CLI on top), run as `lint-imports` over every import, those inside functions included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
