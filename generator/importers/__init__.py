"""Raw dumps -> curation files. One module per dump format, then merge, then write."""
