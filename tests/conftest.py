"""Shared fixtures: one build of the real site per session, and throw-away copies of the sources."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["nl", "fr", "en"]
TEST_SITE_URL = "https://example.org/sub/"
SOURCES = ("mkdocs.yml", "docs", "data", "overrides", "scripts")


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def build(project: Path, site_dir: Path, site_url: str = TEST_SITE_URL) -> BuildResult:
    """Build `project` with its own scripts/docs.py, as `make build` does."""
    env = {**os.environ, "SITE_URL": site_url}
    completed = subprocess.run(
        [sys.executable, str(project / "scripts" / "docs.py"), "build", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, site_dir)


def copy_sources(destination: Path) -> Path:
    """A copy of everything the build reads, without generated pages: safe to break."""
    destination.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("__pycache__", "models"))
        else:
            shutil.copy2(source, destination / name)
    return destination


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real sources built once for the whole test session."""
    result = build(ROOT, tmp_path_factory.mktemp("build") / "site")
    assert result.returncode == 0, f"the site does not build:\n{result.output}"
    return result.site


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_sources(tmp_path / "project")


def page_path(site: Path, lang: str, page: str = "") -> Path:
    """Built file of `page` ('' for home, 'faq', 'models/comparison') in `lang`."""
    prefix = site if lang == LANGUAGES[0] else site / lang
    return prefix / page / "index.html"
