"""`briefing build --engine zensical`: the same pages built by Zensical, with offline search data (optional engine)."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from generator.errors import ConfigError
from generator.site import build_site_zensical
from tests.conftest import FIXTURE_SEEDS, ROOT, make_project
from tests.test_cli import run


def test_a_missing_zensical_is_named_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"zensical is not installed; run `pip install zensical`"):
        build_site_zensical(ROOT / "mkdocs.yml", tmp_path / "docs", tmp_path / "site")


@pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is not installed (optional)")
def test_zensical_builds_every_page_with_search_data_and_no_cdn(tmp_path):
    project = make_project(tmp_path / "project", FIXTURE_SEEDS)
    result = run("build", "-q", "--engine", "zensical", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = {p.relative_to(project / "docs").with_suffix(".html").as_posix() for p in (project / "docs").rglob("*.md")}
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert pages - {"intro.html"} <= built
    search = json.loads((site / "search.json").read_text(encoding="utf-8"))
    assert any(item["location"] == "actors/keir-starmer.html" and item["title"] == "Keir Starmer" for item in search["items"])
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home and "unpkg.com" not in home
    assert not list(project.glob(".briefing-zensical-*.yml"))  # the temporary configuration is gone
    assert re.search(r"iframe-worker-shim\.js", home)
