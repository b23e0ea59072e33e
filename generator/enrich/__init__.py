"""Enrichment: an embedding and keyphrases for every paper, cached by content.

Nothing in this package imports torch, sentence-transformers, KeyBERT or TextBlob at
module level: a build whose papers are all cached never loads them.
"""
