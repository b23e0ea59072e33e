"""Enrichment: an embedding and keyphrases for every paper, cached by content.

Nothing in this package imports torch, sentence-transformers, KeyBERT, TextBlob or ONNX
Runtime at module level: a build whose papers are all cached never loads them, and once the
model is exported to ONNX a build that meets new papers never imports torch.
"""
