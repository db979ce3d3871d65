"""Where things live, which languages the site is built in, and the date a build is made on."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitegen.reading import SafeLoader, parsed_once

CONFIG_NAME = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    """The folders of one checkout (or of a copy of it, as the tests use), and its languages,
    the default language first."""

    root: Path
    languages: tuple[str, ...]

    @classmethod
    def at(cls, root: Path) -> Project:
        """A project outside a build (scripts/docs.py, tests): the languages come from mkdocs.yml."""
        return cls(root, tuple(languages_from_config(root / CONFIG_NAME)))

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def generated(self) -> Path:
        """The only folder generation writes to; git ignores it."""
        return self.docs / "models"

    def config(self) -> dict:
        return read_config(self.config_file)


class _IgnoreTagsLoader(SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs-only tags such as !ENV."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@parsed_once
def read_config(config_file: Path, text: str) -> dict:
    """mkdocs.yml as plain data (MkDocs-only tags such as !ENV read as nothing)."""
    return yaml.load(text, Loader=_IgnoreTagsLoader)


def built_language_entries(config_file: Path) -> list[dict]:
    """The i18n plugin's entries for the languages that are built, the default language first."""
    for plugin in read_config(config_file).get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"]["languages"]
            ordered = sorted(languages, key=lambda lang: not lang.get("default", False))
            return [lang for lang in ordered if lang.get("build", True)]
    raise ValueError(f"{config_file}: no i18n plugin with languages is configured")


def languages_from_config(config_file: Path) -> list[str]:
    return [lang["locale"] for lang in built_language_entries(config_file)]


def build_epoch(environ: dict = os.environ, root: Path | None = None) -> int:
    """The moment a build is made at, in seconds since 1970 (UTC), the same for every build of one
    commit (reproducible output): SOURCE_DATE_EPOCH when set, else the date of the last commit of
    the checkout at `root` (when git and its .git exist), else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch)
    commit = last_commit_epoch(root) if root is not None else None
    return commit if commit is not None else int(time.time())


def last_commit_epoch(root: Path) -> int | None:
    """When the checkout's last commit was made; None outside a git checkout or without git."""
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return None
    completed = subprocess.run([git, "-C", str(root), "log", "-1", "--format=%ct"],
                               capture_output=True, text=True)
    stamp = completed.stdout.strip()
    return int(stamp) if completed.returncode == 0 and stamp.isdigit() else None


def build_date(environ: dict = os.environ, root: Path | None = None) -> dt.date:
    """The one date a build is made on, from `build_epoch`.

    Everything dated in one build (upcoming sessions, brochure covers) uses this value, so a
    build that runs past midnight does not mix two days.
    """
    return dt.datetime.fromtimestamp(build_epoch(environ, root), dt.timezone.utc).date()
