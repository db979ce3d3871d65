"""One entry point for every task on the site: `python scripts/docs.py --help`.

The Makefile calls this script; editors normally use `make build`, `make serve` and friends.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen.data import DataError  # noqa: E402
from sitegen.generate import generate as generate_pages  # noqa: E402
from sitegen.i18n_status import REPORT_NAME, I18nError, format_report, mark_translated, translation_status  # noqa: E402
from sitegen.project import PROJECT  # noqa: E402

# Material prints an end-of-life banner on every run; the README explains the situation once.
QUIET_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run_mkdocs(*args: str) -> int:
    command = [sys.executable, "-m", "mkdocs", *args, "--config-file", str(PROJECT.config_file)]
    return subprocess.call(command, cwd=PROJECT.root, env=QUIET_ENV)


def build(site_dir: Path) -> int:
    """Build every language into a temporary folder; replace site_dir only when all succeeded."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=".site-", dir=site_dir.parent) as scratch:
        fresh = Path(scratch) / "site"
        if run_mkdocs("build", "--strict", "--site-dir", str(fresh)) != 0:
            print(f"Build failed: {site_dir} was left unchanged.", file=sys.stderr)
            return 1
        # For editors: which translations are outdated. A file, not a page: no nav, search or sitemap.
        (fresh / REPORT_NAME).write_text(format_report(translation_status(PROJECT)), encoding="utf-8")
        previous = Path(scratch) / "previous"
        if site_dir.exists():
            site_dir.rename(previous)
        fresh.rename(site_dir)
    print(f"Site built in {time.perf_counter() - started:.1f} s: {site_dir}")
    return 0


def generate() -> int:
    """Write docs/models/ from data/ without building the site."""
    try:
        _, changed = generate_pages(PROJECT)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(changed)} generated file(s) changed in {PROJECT.generated.relative_to(PROJECT.root)}/")
    return 0


def i18n_status(mark: list[str] | None) -> int:
    """Print what is missing or outdated in each language (exit 1 when something is missing),
    or, with --mark PAGE LANG, record that a translation is up to date with its Dutch page."""
    if mark:
        try:
            path, fingerprint = mark_translated(PROJECT, *mark)
        except I18nError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{path}: translated_from set to {fingerprint}; the translation now counts as up to date.")
        return 0
    status = translation_status(PROJECT)
    print(format_report(status), end="")
    return 0 if status.complete else 1


def screenshots() -> int:
    """Pictures of each language's home, comparison and timeline, at 360 and 1280 px."""
    from sitegen.screenshots import take_screenshots

    site = PROJECT.root / "site"
    if not (site / "index.html").exists():
        print("Build the site first: make build", file=sys.stderr)
        return 1
    written = take_screenshots(site, PROJECT.languages(), PROJECT.root / "screenshots", Path("/usr/bin/chromium"))
    print(f"{len(written)} screenshots in screenshots/")
    return 0


def serve(address: str) -> int:
    return run_mkdocs("serve", "--dev-addr", address)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docs.py", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the whole site (all languages)")
    build_command.add_argument("--site-dir", type=Path, default=PROJECT.root / "site")
    commands.add_parser("generate", help="write docs/models/ from data/ (the build does this too)")
    status_command = commands.add_parser(
        "i18n-status", help="list missing and outdated translations (exit 1 when one is missing)")
    status_command.add_argument(
        "--mark", nargs=2, metavar=("PAGE", "LANG"),
        help="after updating a translation: record that PAGE (e.g. faq) in LANG (e.g. fr) "
             "matches its Dutch page again")
    commands.add_parser("screenshots", help="pictures of key pages into screenshots/ (after build)")
    serve_command = commands.add_parser("serve", help="live preview while editing")
    serve_command.add_argument("--address", default="127.0.0.1:8000")
    args = parser.parse_args(argv)

    if args.command == "build":
        return build(args.site_dir)
    if args.command == "generate":
        return generate()
    if args.command == "screenshots":
        return screenshots()
    if args.command == "i18n-status":
        return i18n_status(args.mark)
    return serve(args.address)


if __name__ == "__main__":
    sys.exit(main())
