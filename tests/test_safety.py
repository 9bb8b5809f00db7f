"""Hostile article text must reach the built HTML as text, never as markup or script."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import make_project

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
SCRIPT_WORDS = ("alert(", "onerror", "onmouseover", "onclick", "javascript:", "data:text/html")


class Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag in ("iframe", "object", "embed", "b", "img") and any(v and "alert" in v for _, v in attrs) or tag == "iframe":
            self.problems.append(f"element <{tag}> from article text")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if value and value.strip().lower().startswith(("javascript:", "data:text/html")):
                self.problems.append(f"executable URL {value!r} in <{tag} {name}>")

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script" and "alert(" in data:
            self.problems.append(f"script text from the article: {data[:60]!r}")
        if not self.stack or self.stack[-1] not in ("script", "style"):
            self.text.append(data)


def test_hostile_article_builds_as_plain_text(tmp_path):
    project = tmp_path / "project"
    make_project(project, HOSTILE)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "-q"], cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    pages = list((project / "site" / "briefings").glob("*.html"))
    pages = [p for p in pages if p.name != "index.html"]
    assert len(pages) == 1
    html_text = pages[0].read_text(encoding="utf-8")
    inspector = Inspector()
    inspector.feed(html_text)
    assert inspector.problems == []
    visible = " ".join(" ".join(inspector.text).split())
    # The visible text equals the original, markup characters included.
    assert '<script>alert("headline")</script> {{ config.site_name }} {% include "x" %}' in visible
    assert 'Mr <b onmouseover="alert(3)">Evil</b> Person said' in visible
    assert '--8<-- "/etc/passwd"' in visible and '{: onclick="alert(5)" }' in visible
    # Every generated page in the site is clean, not only the article.
    for page in (project / "site").rglob("*.html"):
        inspector = Inspector()
        inspector.feed(page.read_text(encoding="utf-8"))
        assert inspector.problems == [], page
    # Nothing was written outside the project folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
