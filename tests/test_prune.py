"""What no reader loads is not shipped: Material's lunr search, its search worker, source maps."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish.prune import prune_unused_assets


def test_prune_removes_lunr_the_search_worker_and_source_maps(tmp_path: Path) -> None:
    js = tmp_path / "assets" / "javascripts"
    (js / "lunr" / "min").mkdir(parents=True)
    (js / "lunr" / "min" / "lunr.de.min.js").write_text("x" * 100)
    (js / "workers").mkdir()
    (js / "workers" / "search.1234.min.js").write_text("w" * 10)
    (js / "workers" / "search.1234.min.js.map").write_text("m" * 10)
    (js / "bundle.ab.min.js").write_text("code();\n//# sourceMappingURL=bundle.ab.min.js.map\n")
    (js / "bundle.ab.min.js.map").write_text("m" * 50)
    css = tmp_path / "assets" / "stylesheets"
    css.mkdir()
    (css / "main.min.css").write_text("a{b:c}\n/*# sourceMappingURL=main.min.css.map*/")
    (css / "main.min.css.map").write_text("m" * 20)
    (css / "digest.css").write_text("/* ours */ a{b:c}\n")
    removed = prune_unused_assets(tmp_path)
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["assets/javascripts/bundle.ab.min.js", "assets/stylesheets/digest.css",
                    "assets/stylesheets/main.min.css"]
    assert (js / "bundle.ab.min.js").read_text() == "code();\n"
    assert (css / "main.min.css").read_text() == "a{b:c}"
    assert (css / "digest.css").read_text() == "/* ours */ a{b:c}\n"
    assert removed > 190


@pytest.mark.browser
def test_the_built_site_ships_no_lunr_and_no_source_map(seed_site) -> None:
    served, _, _ = seed_site
    assets = served.site / "assets"
    assert not (assets / "javascripts" / "lunr").exists()
    assert sorted(assets.rglob("*.map")) == []
    assert sorted(assets.rglob("search.*.js")) == []
    assert not [p for p in [*assets.rglob("*.js"), *assets.rglob("*.css")] if b"sourceMappingURL" in p.read_bytes()]
