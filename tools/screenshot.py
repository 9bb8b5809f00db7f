#!/usr/bin/env python3
"""Screenshot a built site from disk (file://) in headless Chromium, for the README.

    python tools/screenshot.py SITE_DIR OUT.png [PAGE] [--search TEXT] [--show SELECTOR] [--size WxH]

PAGE is a page of the site relative to SITE_DIR (default index.html).
--search types TEXT into the search box first, to show the results.
--show scrolls the first element matching the CSS SELECTOR to the middle of the view.
--size sets the window (default 1280x800).
Every request that is not file:// is refused, so the picture shows what a
reader sees offline. Needs `pip install playwright` and the system Chromium
(BRIEFING_CHROMIUM=PATH to choose another binary); it never downloads a browser.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

WIDTH, HEIGHT = 1280, 800
# Chromium flags: headless, no sandbox (root in a container), and none of the
# browser's own background traffic. tests/browser uses the same ones.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Schemes a page may load without touching the network.
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def find_chromium() -> str | None:
    env = os.environ.get("BRIEFING_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path, help="the built site folder")
    parser.add_argument("out", type=Path, help="the PNG to write")
    parser.add_argument("page", nargs="?", default="index.html",
                        help="page relative to SITE_DIR (default: index.html)")
    parser.add_argument("--search", metavar="TEXT", help="type TEXT into the search box")
    parser.add_argument("--show", metavar="SELECTOR", help="scroll this element to the middle of the view")
    parser.add_argument("--size", metavar="WxH", default=f"{WIDTH}x{HEIGHT}", help=f"window size (default {WIDTH}x{HEIGHT})")
    args = parser.parse_args(argv)
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size: expected WIDTHxHEIGHT, e.g. 1280x800, not {args.size!r}")

    target = (args.site_dir / args.page).resolve()
    if not target.is_file():
        parser.error(f"no such page: {target}")
    chromium = find_chromium()
    if chromium is None:
        parser.error("no Chromium found; install it or set BRIEFING_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        parser.error("playwright is not installed: pip install playwright")

    refused: list[str] = []

    def route(r):
        if r.request.url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route("**/*", route)
            page = context.new_page()
            page.goto(target.as_uri())
            if args.search:
                box = page.locator(".md-search__input")
                box.click()
                # Material reads key events, so type rather than fill.
                box.press_sequentially(args.search, delay=30)
                page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
            if args.show:
                page.locator(args.show).first.evaluate("e => e.scrollIntoView({block: 'center'})")
                page.wait_for_timeout(800)  # Material's header swaps the site name for the page title
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
        finally:
            browser.close()
    for url in refused:
        print(f"refused (not file://): {url}", file=sys.stderr)
    print(f"{args.out} ({width}x{height}) from {target.as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
