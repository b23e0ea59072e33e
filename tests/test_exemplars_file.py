"""content/exemplars.jsonl: read into the digest, and every problem named at its line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.curation.loader import load_content

GOOD = {"source": "arXiv:2503.00001", "topics": ["model-compression", "reinforcement-learning"],
        "title": "Pruning   agents", "abstract": "We prune the policy network of an agent."}


def _write(content: Path, *records: object) -> Path:
    path = content / "exemplars.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


def test_exemplars_are_read_into_the_digest(content: Path) -> None:
    assert load_content(content).digest.exemplars == ()        # no file: no exemplars
    _write(content, GOOD, "", {**GOOD, "source": "arXiv:2503.00002", "topics": ["reinforcement-learning"]})
    exemplars = load_content(content).digest.exemplars
    assert [(e.topics, e.line) for e in exemplars] == [(("model-compression", "reinforcement-learning"), 1),
                                                       (("reinforcement-learning",), 3)]
    assert exemplars[0].title == "Pruning agents" and exemplars[0].source == "arXiv:2503.00001"


def test_every_bad_exemplar_is_named_at_its_line_and_stops_the_digest(content: Path) -> None:
    _write(content, GOOD, '{"topics": ["model-compression"], "title": "Cut',
           {**GOOD, "topics": ["model-compresion"]}, {**GOOD, "abstract": ""}, {**GOOD, "topic": ["x"]},
           {**GOOD, "topics": []}, ["a list"])
    result = load_content(content, skip_invalid=True)
    assert result.digest is None                                # a registry's error: no digest at all
    messages = [str(p) for p in result.errors]
    assert messages == [
        "content/exemplars.jsonl:2: not a JSON object: Unterminated string starting at (column 44); "
        "each line holds one exemplar",
        "content/exemplars.jsonl:3: unknown topic 'model-compresion' — did you mean 'model-compression'? "
        "(not in topics.yaml)",
        "content/exemplars.jsonl:4: 'abstract' is missing or not text",
        "content/exemplars.jsonl:5: unknown field 'topic' — did you mean 'topics'?",
        "content/exemplars.jsonl:6: 'topics' must be a list of one to three topic slugs, primary first",
        'content/exemplars.jsonl:7: expected an object such as {"topics": [...], "title": "...", "abstract": "..."}',
    ]


def test_validate_reports_a_bad_exemplar_and_fails(content: Path) -> None:
    _write(content, GOOD, {**GOOD, "topics": ["no-such-topic"]})
    result = CliRunner().invoke(cli, ["validate", "--content", str(content)])
    assert result.exit_code != 0
    assert "content/exemplars.jsonl:2: unknown topic 'no-such-topic'" in result.output
