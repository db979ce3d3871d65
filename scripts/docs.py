"""One entry point for every task on the site: `python scripts/docs.py --help`.

The Makefile calls this script; editors normally use `make build`, `make serve` and friends.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitegen.data import DataError
from sitegen.generate import generate as generate_pages
from sitegen.i18n_status import (
    REPORT_NAME, I18nError, format_report, mark_data_translated, mark_translated, translation_status,
)
from sitegen.project import Project, build_date, build_epoch
from sitegen.public_address import NO_ADDRESS_NOTICE
from sitegen.site_folder import (
    MARKER_TEXT, PREVIOUS, SITE_MARKER, BuildLock, SiteFolderError, checked_site_dir, replace_site,
)

PROJECT = Project.at(Path(__file__).resolve().parents[1])
# Material prints an end-of-life banner on every run; the README explains the situation once.
QUIET_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# The engine that builds the site: MkDocs 1.6 (default) or ProperDocs, its maintained drop-in fork.
# Switch with DOCS_ENGINE=properdocs make build (README, "Engines and the theme's end of life").
ENGINES = ("mkdocs", "properdocs")


def engine() -> str:
    chosen = os.environ.get("DOCS_ENGINE", "mkdocs")
    if chosen not in ENGINES:
        raise SystemExit(f"DOCS_ENGINE={chosen!r}: choose one of {', '.join(ENGINES)}")
    return chosen


# How long an interrupted engine may take to stop its PDF workers and remove its partial files.
STOP_SECONDS = 15


class Stopped(KeyboardInterrupt):
    """This script was asked to stop (SIGTERM, SIGHUP), or the process that started it (make) ended."""


def _stop_on_signal(number, frame) -> None:
    raise Stopped()


def run_mkdocs(*args: str) -> int:
    """Run the engine (MkDocs or ProperDocs) with one build time for every step, WeasyPrint's and
    MkDocs' included: SOURCE_DATE_EPOCH when set, else the last commit's date (README,
    "Reproducible output"). It runs in its own process group, so that Ctrl+C reaches it once,
    from here: it then stops its PDF workers itself; only an engine that does not stop in time
    is killed. Stopping this script by its process id (SIGTERM), or ending the `make` that
    started it, stops the engine the same way: no server is left behind on the port."""
    # The preview goes through sitegen.serve_preview: it keeps serving after a failed first build.
    module = ["sitegen.serve_preview", engine()] if args[0] == "serve" else [engine()]
    command = [sys.executable, "-m", *module, *args, "--config-file", str(PROJECT.config_file)]
    environment = {**QUIET_ENV, "SOURCE_DATE_EPOCH": str(build_epoch(os.environ, PROJECT.root))}
    parent = os.getppid()
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _stop_on_signal)
    process = subprocess.Popen(command, cwd=PROJECT.root, env=environment, process_group=0,
                               preexec_fn=_end_with_parent)
    try:
        while True:
            try:
                return process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                if os.getppid() != parent:  # make was stopped by its process id: it does not pass it on
                    raise Stopped() from None
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_SECONDS)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        raise


def _end_with_parent() -> None:
    """In the engine's process, on Linux: if this script is killed outright, the engine is told
    to stop too (prctl PR_SET_PDEATHSIG), and stops as on Ctrl+C."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGINT)


def build(site_dir: Path) -> int:
    """Build every language and replace site_dir only when all succeeded, and only if it is a
    site this build made (or missing, or empty); one build at a time per project."""
    try:
        site = checked_site_dir(PROJECT.root, site_dir)
        started = time.perf_counter()
        with BuildLock(PROJECT.root, say=lambda message: print(message, file=sys.stderr, flush=True)):
            if not build_into(site):
                return 1
    except SiteFolderError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"Build interrupted: {site_dir} was left unchanged.", file=sys.stderr)
        return 130
    print(f"Site built in {time.perf_counter() - started:.1f} s: {site}")
    if not (site / "sitemap.xml").exists():  # the build writes one exactly when it has a public address
        print(NO_ADDRESS_NOTICE)
    return 0


def build_into(site: Path) -> bool:
    """Build into a scratch folder beside `site`, then put it in the place of the old site."""
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    except OSError as error:
        raise SiteFolderError(f"cannot write beside {site}, in {site.parent}: {error.strerror}") from None
    try:
        fresh = scratch / "site"
        if run_mkdocs("build", "--strict", "--site-dir", str(fresh)) != 0:
            print(f"Build failed: {site} was left unchanged.", file=sys.stderr)
            return False
        (fresh / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        # For editors: which translations are outdated. In the project, never in the published site.
        (PROJECT.root / REPORT_NAME).write_text(format_report(translation_status(PROJECT)), encoding="utf-8")
        replace_site(fresh, site)
        return True
    finally:
        if site.exists() or not (scratch / PREVIOUS).exists():  # never delete the only copy of the old site
            shutil.rmtree(scratch, ignore_errors=True)
            if scratch.exists():
                print(f"{scratch} could not be removed completely: remove it yourself.", file=sys.stderr)


def generate() -> int:
    """Write docs/models/ from data/ without building the site."""
    try:
        _, changed = generate_pages(PROJECT, build_date(root=PROJECT.root))
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(changed)} generated file(s) changed in {PROJECT.generated.relative_to(PROJECT.root)}/")
    return 0


def i18n_status(mark: list[str] | None) -> int:
    """Print what is missing or outdated in each language (exit 1 when something is missing),
    or, with --mark PAGE LANG, record that a translation is up to date with its Dutch page."""
    if mark:
        target, lang = mark
        try:
            if target.startswith("data/"):
                count = mark_data_translated(PROJECT, target, lang)
                print(f"{target}: {count} {lang} text(s) marked as translated from their Dutch text as it is now.")
                return 0
            path, fingerprint = mark_translated(PROJECT, target, lang)
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
    written = take_screenshots(site, list(PROJECT.languages), PROJECT.root / "screenshots")
    print(f"{len(written)} screenshots in screenshots/")
    return 0


def serve(address: str) -> int:
    try:
        return run_mkdocs("serve", "--dev-addr", address)
    except KeyboardInterrupt:  # how a preview ends
        return 0


def edit(project_root: Path, port: int, backend_port: int) -> int:
    """The browser editor on 127.0.0.1 (README, "Editing in the browser")."""
    from sitegen.editor import run_editor

    return run_editor(Project.at(project_root.resolve()), port, backend_port)


TRANSITIVE_HEADING = "# transitive"


def refresh_pins() -> int:
    """Install the newest release of every direct dependency into a scratch virtual environment
    and write what it resolved to into requirements.txt (direct ones first, then what they pull
    in); `make refresh-pins` then reinstalls .venv and runs every test."""
    requirements = PROJECT.root / "requirements.txt"
    lines = requirements.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines[:lines.index(TRANSITIVE_HEADING)] if line.startswith("#")]
    direct = [line.split("==")[0] for line in lines[:lines.index(TRANSITIVE_HEADING)]
              if line and not line.startswith("#")]
    (PROJECT.root / ".cache").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="refresh-pins-", dir=PROJECT.root / ".cache") as scratch:
        python = Path(scratch) / "bin" / "python"
        subprocess.run([sys.executable, "-m", "venv", scratch], check=True)
        install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                  *direct])
        if install.returncode != 0:
            print("The newest releases could not be installed together; requirements.txt is unchanged.",
                  file=sys.stderr)
            return 1
        frozen = subprocess.run([str(python), "-m", "pip", "freeze", "--all", "--exclude", "pip",
                                 "--exclude", "setuptools"], capture_output=True, text=True, check=True).stdout
    pins = {line.split("==")[0].lower(): line for line in frozen.splitlines() if "==" in line}
    first = [pins.pop(name.lower()) for name in direct]
    rest = sorted(pins.values(), key=str.lower)
    requirements.write_text("\n".join([*header, *first, TRANSITIVE_HEADING, *rest]) + "\n", encoding="utf-8")
    print(f"requirements.txt: {len(first)} direct and {len(rest)} other packages pinned to their newest releases.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docs.py", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the whole site (all languages)")
    build_command.add_argument("--site-dir", type=Path, default=PROJECT.root / "site")
    commands.add_parser("generate", help="write docs/models/ from data/ (the build does this too)")
    status_command = commands.add_parser(
        "i18n-status", help="list missing and outdated translations (exit 1 when one is missing)")
    status_command.add_argument(
        "--mark", nargs=2, metavar=("PAGE_OR_TEXT", "LANG"),
        help="after updating a translation: record that PAGE (e.g. faq) or the data texts at "
             "'data/FILE:PLACE' (e.g. 'data/partner-models.yml:models[city-and-ocmw].summary', or a whole "
             "'data/FILE') in LANG (e.g. fr) match their Dutch text again")
    commands.add_parser("screenshots", help="pictures of key pages into screenshots/ (after build)")
    serve_command = commands.add_parser("serve", help="live preview while editing")
    serve_command.add_argument("--address", default="127.0.0.1:8000")
    commands.add_parser("refresh-pins", help="pin every dependency to its newest release (make refresh-pins "
                                             "then runs the tests)")
    edit_command = commands.add_parser("edit", help="edit pages and data in the browser (on 127.0.0.1)")
    edit_command.add_argument("--port", type=int, default=8090, help="the editor page")
    edit_command.add_argument("--backend-port", type=int, default=8091, help="decap-server, which saves files")
    edit_command.add_argument("--project", type=Path, default=PROJECT.root, help="the checkout to edit")
    args = parser.parse_args(argv)

    if args.command == "build":
        return build(args.site_dir)
    if args.command == "generate":
        return generate()
    if args.command == "screenshots":
        return screenshots()
    if args.command == "i18n-status":
        return i18n_status(args.mark)
    if args.command == "refresh-pins":
        return refresh_pins()
    if args.command == "edit":
        return edit(args.project, args.port, args.backend_port)
    return serve(args.address)


if __name__ == "__main__":
    sys.exit(main())
