"""The hostile corpus's pages, opened from disk in Chromium: nothing from article text runs.

The site is the one tests/test_hostile_corpus.py checks as HTML (`hostile_build`,
built once per session). Each page is loaded with every non-file request blocked;
an alert, confirm or prompt would be recorded as a dialog. In the loaded DOM, no
element inside the article may be one that runs or embeds code, no element
anywhere may carry an event-handler attribute or a javascript:/data:/vbscript: URL,
and the page may have no more scripts than a harmless article's page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile_corpus import HARMLESS, expected_outcomes, visible

PAGES = {name: o["page"] for name, o in expected_outcomes().items() if "page" in o}
# The articles with markup, template or YAML syntax in them (tests/test_hostile_corpus.py parses every page).
HOSTILE = ("html-", "raw-html", "markdown-", "jinja", "material", "yaml-", "unicode-", "control-", "quotes-", "path-")
OPENED = sorted(
    [f"briefings/{page}.html" for name, page in PAGES.items() if name.startswith(HOSTILE)]
    + ["actors/jane-smith.html", "actors/john-brown.html"]  # quotes and names on entity pages
)

# Run in the page: what could execute, as a list of findings (empty when clean).
AUDIT_JS = """
() => {
  const found = [];
  const article = document.querySelector("article.md-content__inner");
  if (!article) found.push("no article element");
  const danger = "script,iframe,frame,frameset,object,embed,applet,base,style,template,form,svg,math,img,video,audio,link,meta";
  for (const el of (article ? article.querySelectorAll(danger) : [])) found.push("article holds <" + el.tagName.toLowerCase() + ">");
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\u0000-\\u0020\\u007f]+/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(name + " on <" + el.tagName.toLowerCase() + ">");
      if (/^(javascript|vbscript|data|livescript):/.test(value)) found.push(name + "=" + attr.value);
      if (name === "srcdoc") found.push("srcdoc on <" + el.tagName.toLowerCase() + ">");
    }
  }
  return {
    found,
    // Our search loads its index layers (search/*.js) by inserting script elements of its own.
    scripts: [...document.scripts].filter(s => !(s.src && /\\/search\\/[a-z]+(-\\d+)?\\.js$/.test(s.src)))
      .map(s => s.src ? "src:" + s.getAttribute("src") : "inline:" + s.text.length),
    title: document.title,
    text: article ? article.innerText : "",
  };
}
"""


def _open(guard, path: Path) -> list[str]:
    """Load a page from disk; return the dialogs it opened (each dismissed)."""
    dialogs: list[str] = []
    guard.page.on("dialog", lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    guard.page.goto(path.as_uri())
    guard.page.wait_for_load_state("load")
    guard.page.wait_for_timeout(200)  # let deferred handlers (onload, onerror, ontoggle) fire if any exist
    return dialogs


def test_a_dialog_would_be_seen(offline_page, tmp_path):
    """The check can fail: a page that alerts is caught."""
    canary = tmp_path / "canary.html"
    canary.write_text('<!doctype html><title>x</title><img src="missing.png" onerror="alert(1)">', encoding="utf-8")
    assert _open(offline_page, canary) == ["alert: 1"]


@pytest.fixture(scope="module")
def baseline_scripts(browser, hostile_build):
    page = browser.new_page()
    page.goto((hostile_build["project"] / "site" / "briefings" / f"{PAGES[HARMLESS]}.html").as_uri())
    scripts = page.evaluate(AUDIT_JS)["scripts"]
    page.close()
    assert len(scripts) >= 2
    return scripts


def test_the_hostile_pages_are_chosen():
    assert len(OPENED) == 17


@pytest.mark.parametrize("relative", OPENED)
def test_hostile_page_runs_nothing_from_the_article(relative, hostile_build, offline_page, baseline_scripts):
    path = hostile_build["project"] / "site" / relative
    dialogs = _open(offline_page, path)
    result = offline_page.page.evaluate(AUDIT_JS)
    assert dialogs == []
    assert result["found"] == []
    assert result["scripts"] == baseline_scripts
    offline_page.assert_clean()  # no console error, no uncaught error, no request off the disk


def test_searching_hostile_text_shows_it_as_text(hostile_build, offline_page):
    """Material builds search results as HTML; the hostile headline must come back as text."""
    site = hostile_build["project"] / "site"
    dialogs = _open(offline_page, site / "index.html")
    page = offline_page.page
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("onerror", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    page.wait_for_timeout(300)
    found = page.evaluate(
        """() => [...document.querySelectorAll('.md-search-result *')]
                 .filter(el => /^(script|iframe|img|object|embed|svg|style)$/i.test(el.tagName) && !el.closest('.md-search-result__icon'))
                 .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert found == []
    text = visible(page.locator(".md-search-result").inner_text())
    assert "<img src=x onerror=alert(1)>" in text
    assert dialogs == []
    offline_page.assert_clean()
