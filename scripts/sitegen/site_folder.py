"""The folder a build publishes into, and one build at a time per project.

A build replaces its site folder as a whole, so it first makes sure the folder is a site it made
before: a mistyped `--site-dir` (the checkout, docs/, a home folder) would otherwise be deleted.
"""

from __future__ import annotations

import fcntl
import os
import signal
from pathlib import Path
from typing import Callable

from sitegen.i18n_status import REPORT_NAME

SITE_MARKER = ".resettlement-site"
MARKER_TEXT = ("Made by `scripts/docs.py build` of the resettlement site. The next build replaces this folder as "
               "a whole; it refuses to replace a folder without this file.\n")
# A site made before the marker existed: these files together, the last one only this build writes.
OLD_SITE_FILES = ("index.html", "sitemap.xml", REPORT_NAME)
# The project's own folders: never a site folder, never inside one and never holding one.
OWN_FOLDERS = ("docs", "data", "overrides", "scripts", "tests", "benchmarks", ".git", ".cache")
PREVIOUS = "previous"  # the old site, in the scratch folder, between the two renames


class SiteFolderError(Exception):
    """A site folder that cannot be used or replaced; the message names it."""


def checked_site_dir(root: Path, site_dir: Path) -> Path:
    """The resolved `site_dir`, if a build may replace it: missing, empty, or a site this build
    made. Reads only; raises SiteFolderError otherwise."""
    root, site = root.resolve(), site_dir.resolve()
    refused = f"--site-dir {site_dir}: refusing {site}"
    if site == root or site in root.parents:
        raise SiteFolderError(f"{refused}: it holds the whole project ({root}), which the build would replace. "
                              "Choose a folder of its own, such as site/")
    for name in OWN_FOLDERS:
        folder = (root / name).resolve()
        if site == folder or folder in site.parents or site in folder.parents:
            raise SiteFolderError(f"{refused}: it is, holds or lies inside the project's {name}/ folder. "
                                  "Choose a folder of its own, such as site/")
    try:
        if site.exists() and not site.is_dir():
            raise SiteFolderError(f"{refused}: it is a file, not a folder")
        if site.is_dir() and any(site.iterdir()) and not made_by_this_build(site):
            raise SiteFolderError(
                f"{refused}: it is not empty and not a site this build made (it has no {SITE_MARKER} file), "
                "and the build replaces its site folder as a whole. Choose a new or empty folder, "
                "or empty this one yourself")
    except OSError as error:
        raise SiteFolderError(f"{refused}: it cannot be read ({error.strerror})") from None
    return site


def made_by_this_build(folder: Path) -> bool:
    return (folder / SITE_MARKER).is_file() or all((folder / name).is_file() for name in OLD_SITE_FILES)


def replace_site(fresh: Path, site: Path) -> None:
    """Put the complete site `fresh` at `site` with two renames in one folder: the old site moves
    to PREVIOUS beside `fresh`, and comes back if the new one cannot take its place. Ctrl+C is
    ignored for that instant. The caller deletes PREVIOUS once `site` exists again."""
    previous = fresh.with_name(PREVIOUS)
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if site.exists():
            try:
                site.rename(previous)
            except OSError as error:
                raise SiteFolderError(f"cannot replace {site}: {reason(error)}; it was left unchanged") from None
        try:
            fresh.rename(site)
        except OSError as error:
            if not previous.exists():
                raise SiteFolderError(f"cannot write {site}: {reason(error)}") from None
            try:
                previous.rename(site)
            except OSError:
                raise SiteFolderError(f"cannot replace {site}: {reason(error)}; nor put the previous site back: "
                                      f"it is in {previous}") from None
            raise SiteFolderError(f"cannot replace {site}: {reason(error)}; it was left unchanged") from None
    finally:
        signal.signal(signal.SIGINT, handler)


def reason(error: OSError) -> str:
    return error.strerror or str(error)


class BuildLock:
    """An exclusive lock on the project folder, held while a build (or a preview's rebuild) writes
    docs/models/, .cache/ and the site. It needs no file, so a read-only .cache/ does not matter,
    and the system releases it when the process ends, however it ends."""

    def __init__(self, root: Path, say: Callable[[str], None]):
        self.root, self.say = root, say
        self.descriptor: int | None = None

    def acquire(self) -> None:
        self.descriptor = os.open(self.root, os.O_RDONLY)  # not inherited by the processes a build starts
        try:
            fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.say(f"another build is running in this folder ({self.root}); waiting…")
            fcntl.flock(self.descriptor, fcntl.LOCK_EX)

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)  # closing releases the lock
            self.descriptor = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, *exception) -> None:
        self.release()
