"""Screenshots of the pages people judge the site by, at a phone and a desktop width.

Used by `make screenshots`; the pictures go to screenshots/ (linked from the README) so a
reviewer sees each language's home, the comparison and the timeline without building anything.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from sitegen.browser import launch

PAGES = {"home": "", "comparison": "models/comparison/", "timeline": "year-of-support/",
         "calculator": "models/support-calculator/", "steps": "become-a-partner/",
         "checklist": "models/readiness-checklist/"}
WIDTHS = {"phone": (360, 800), "desktop": (1280, 900)}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def take_screenshots(site: Path, languages: list[str], output: Path) -> list[Path]:
    """Serve `site` on 127.0.0.1 and save one PNG per language, page and width into `output`."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    output.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for width_name, (width, height) in WIDTHS.items():
                for index, lang in enumerate(languages):
                    # A reader of that language: no "also available in …" suggestion on top.
                    context = browser.new_context(viewport={"width": width, "height": height}, locale=f"{lang}-BE")
                    page = context.new_page()
                    prefix = "" if index == 0 else f"{lang}/"
                    for page_name, path in PAGES.items():
                        page.goto(base + prefix + path, wait_until="networkidle")
                        target = output / f"{lang}-{page_name}-{width_name}.png"
                        page.screenshot(path=str(target))
                        written.append(target)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return written
