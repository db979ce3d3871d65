"""The one Chromium every browser task uses (tests, screenshots, benchmarks): Debian's, never a
downloaded build, started with the same flags everywhere."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# As root without a sandbox; and no background traffic: this machine's network is closed, and
# a page test must see only the requests the page itself makes.
CHROMIUM_ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--no-first-run", "--disable-sync"]


def launch(playwright):
    """Debian's Chromium, headless, through Playwright."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGUMENTS)
