"""Rendering: the site model to Markdown pages (Jinja2) and feeds (feedgen). No I/O here."""
