"""`digest keyphrases`: the extractor over any JSONL file, for benchmarks and outside data."""

from __future__ import annotations

import json
from pathlib import Path

from generator.files import write_atomically
from generator.problems import Problem


class JsonlError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def read_documents(path: Path) -> list[dict]:
    documents, problems = [], []
    with path.open(encoding="utf-8", errors="strict") as stream:
        try:
            lines = stream.read().split("\n")
        except UnicodeDecodeError as exc:
            raise JsonlError([Problem(str(path), 1, f"not UTF-8 text ({exc.reason})")]) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(str(path), number, f"not JSON: {exc.msg}"))
            continue
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("abstract"), str):
            problems.append(Problem(str(path), number, 'expected an object with "id" and "abstract" (text)'))
            continue
        if not isinstance(record.get("title") or "", str):
            problems.append(Problem(str(path), number, '"title" must be text'))
            continue
        documents.append(record)
    if problems:
        raise JsonlError(problems)
    return documents


def extract_jsonl(input_path: Path, output_path: Path, top_n: int, model: str) -> int:
    from generator.enrich.keyphrases import KeyphraseExtractor, KeyphraseSettings
    from generator.enrich.onnx_embedder import OnnxEmbedder

    documents = read_documents(input_path)
    texts = [f"{d['title']}. {d['abstract']}" if d.get("title") else d["abstract"] for d in documents]
    extractor = KeyphraseExtractor(OnnxEmbedder(model), KeyphraseSettings(top_n=top_n))
    results = []
    for start in range(0, len(texts), 256):
        results.extend(extractor.extract(texts[start:start + 256])[0])
    lines = [json.dumps({"id": d["id"], "keyphrases": [k.text for k in ks]}, ensure_ascii=False)
             for d, ks in zip(documents, results)]
    write_atomically(output_path, "".join(line + "\n" for line in lines))
    return len(lines)
