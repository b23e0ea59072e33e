"""What a cached result was made by: the version of the libraries and the source of the files that
made it, as one hash. A cache keyed by it is never read back by other code."""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.metadata import version
from typing import Sequence


def code_version(package: str, files: Sequence[str], libraries: Sequence[str]) -> str:
    """A hash of `libraries`' installed versions and of `files` of the `package`."""
    digest = hashlib.sha256(";".join(f"{name}=={version(name)}" for name in libraries).encode())
    folder = resources.files(package)
    for name in files:
        digest.update(folder.joinpath(name).read_bytes())
    return digest.hexdigest()
