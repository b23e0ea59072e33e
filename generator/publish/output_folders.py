"""Where a build may write: the site folder it replaces whole, checked before the digest is
analysed or anything written.

`digest build --site X` replaces X by the new site. A mistyped X must never take curator files
with it (MkDocs likewise refuses a site_dir that holds its docs_dir), so X may not be, hold or
sit inside the content tree or the generated pages (build/docs), nor be or hold the project (the
folder of mkdocs.yml) or the working folder; and an X that exists must be empty or a site this
tool built (its `index.html` and Pagefind index).
"""

from __future__ import annotations

from pathlib import Path


class OutputFolderError(Exception):
    """The site folder given would replace something that is not a built site."""


def docs_folder(project: Path) -> Path:
    """Where the generated Markdown pages go (MkDocs' docs_dir): build/docs beside mkdocs.yml."""
    return project / "build" / "docs"


def check_site_folder(site: Path, content: Path, project: Path) -> None:
    target, docs = site.resolve(), docs_folder(project)
    for name, folder in (("the project folder (of mkdocs.yml)", project), ("the working folder", Path.cwd())):
        if _within(folder.resolve(), target):
            raise OutputFolderError(f"{site}: replacing it would remove {name} ({folder}); choose another --site")
    for name, folder in (("the content folder", content), ("the generated pages", docs)):
        if _same_or_nested(target, folder.resolve()):
            raise OutputFolderError(f"{site}: the site folder may not be, hold or sit inside {name} ({folder}); "
                                    "choose another --site")
    if target.is_file():
        raise OutputFolderError(f"{site}: is a file, not a site folder; choose another --site")
    if target.is_dir() and any(target.iterdir()) and not is_built_site(target):
        raise OutputFolderError(f"{site}: exists and is not a site built by digest (no index.html and pagefind/), "
                                "so it is not replaced; remove it yourself or choose another --site")


def is_built_site(folder: Path) -> bool:
    return (folder / "index.html").is_file() and (folder / "pagefind").is_dir()


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _same_or_nested(a: Path, b: Path) -> bool:
    return _within(a, b) or _within(b, a)
