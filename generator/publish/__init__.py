"""Publishing: the rendered files made into a site (MkDocs, the page cache, the search index, the
sitemap, pruning, the output folders, the theme), served while curating, and compared with
another revision (`change_report`, for `digest diff`)."""
