"""Grouping: topics, labs, related papers and authors. Pure functions of the digest and its
enrichment, deterministic and stably sorted (ties broken by id)."""
