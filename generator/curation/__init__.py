"""Curation files: their schemas, how they are read, and the rules they must follow."""
