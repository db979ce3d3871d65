"""Reproducible output: two clean builds of one commit are byte-identical, PDFs included, and the
build time is the last commit's when SOURCE_DATE_EPOCH is not set (README, "Reproducible output")."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

from conftest import BUILD_CACHE, LANGUAGES, ROOT, SOURCE_DATE_EPOCH, TODAY, build, copy_sources, edit_yaml
from sitegen.data import load_site_data
from sitegen.project import build_epoch


def _commit(project, epoch: str) -> None:
    """The copy as a git checkout with one commit made at `epoch`."""
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{epoch} +0000", "GIT_COMMITTER_DATE": f"{epoch} +0000"}
    for command in (["init", "-q"], ["add", "-A"],
                    ["-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "--allow-empty", "-m", "sources"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True)


def test_the_build_time_is_source_date_epoch_else_the_last_commit_else_now(tmp_path):
    _commit(tmp_path, "1700000000")
    assert build_epoch({"SOURCE_DATE_EPOCH": "1600000000"}, tmp_path) == 1600000000
    assert build_epoch({}, tmp_path) == 1700000000
    outside = tmp_path / "not-a-checkout"
    outside.mkdir()
    before = int(dt.datetime.now().timestamp())
    assert before <= build_epoch({}, outside) <= before + 5


def _short_brochures(project) -> None:
    """Every brochure of the copy keeps its cover, summary and first page only: all nine PDFs
    are still made twice, through the same code, in a third of the time."""
    edit_yaml(project / "data", "brochures.yml",
              lambda content: [brochure.update(pages=brochure["pages"][:1]) for brochure in content["brochures"]])


def test_two_clean_builds_of_one_commit_are_byte_identical(tmp_path, site):
    project = copy_sources(tmp_path / "project")
    _short_brochures(project)
    _commit(project, SOURCE_DATE_EPOCH)
    sites = []
    for name in ("first", "second"):
        shutil.rmtree(project / BUILD_CACHE, ignore_errors=True)  # every brochure made afresh
        result = build(project, tmp_path / name, SOURCE_DATE_EPOCH=None)
        assert result.returncode == 0, result.output[-3000:]
        assert "Traceback" not in result.output, result.output[-3000:]
        sites.append(result.site)
    files = [sorted(path.relative_to(site) for path in site.rglob("*") if path.is_file()) for site in sites]
    assert files[0] == files[1]
    brochures = load_site_data(ROOT / "data", LANGUAGES).brochures.brochures  # as many as editors list
    assert len([path for path in files[0] if path.suffix == ".pdf"]) == len(brochures) * len(LANGUAGES)
    differing = [path.as_posix() for path in files[0] if (sites[0] / path).read_bytes() != (sites[1] / path).read_bytes()]
    assert differing == []
    # The build took its time from the commit: MkDocs dates the sitemap with it.
    assert f"<lastmod>{TODAY.isoformat()}</lastmod>" in (sites[0] / "sitemap.xml").read_text(encoding="utf-8")
