"""Write the generated pages into docs/models/ (and only there), touching unchanged files never.

Writing only what changed keeps `mkdocs serve` from rebuilding in a loop, and lets a rebuild
without edits skip everything downstream.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from sitegen.data import SiteData, load_site_data
from sitegen.files import write_atomically
from sitegen.pages import render_pages
from sitegen.problems import Problem, ProblemsFound
from sitegen.project import Project
from sitegen.translations import PAGE_NAME

log = logging.getLogger("mkdocs.plugins.resettlement-site")


# Subfolder of docs/models/ that sitegen.brochures fills with PDFs after the pages are written.
DOWNLOADS_FOLDER = "downloads"
MARKER = ".generated"  # its first line warns editors, the others list the files the last build wrote
MARKER_TEXT = "Everything in this folder is written from data/ on every build. Do not edit.\n"


def write_generated(folder: Path, files: dict[str, str | bytes], keep: tuple[str, ...] = ()) -> list[str]:
    """Make `folder` hold exactly `files`, except subfolders in `keep` (another writer's).

    Returns the paths that were written or removed. Each file is written under a temporary name
    and renamed, so a reader never sees half a file.
    """
    changed = []
    for relative, content in sorted(files.items()):
        path = folder / relative
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if path.exists() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        changed.append(relative)
    if folder.exists():
        for path in sorted(folder.rglob("*"), reverse=True):
            relative = path.relative_to(folder).as_posix()
            if relative.split("/")[0] in keep:
                continue
            if path.is_file() and relative not in files:
                path.unlink()
                changed.append(relative)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def generate(project: Project, today: dt.date) -> tuple[SiteData, list[str]]:
    """Validate data/ and write docs/models/ as of `today` (the build date). Raises DataError
    before writing anything; a file put into docs/models/ by hand is kept, with a warning."""
    data = load_site_data(project.data, list(project.languages))
    files = render_pages(data, today)
    marker = project.generated / MARKER
    if project.generated.exists() and not marker.exists():
        folder = project.generated.relative_to(project.root).as_posix()
        raise ProblemsFound("A folder the build must write", [Problem(
            folder, "", "this folder exists but was not made by the generator: the build writes it from data/ "
                        "on every build; move it away (pages belong in docs/)", "generated-folder")])
    written = sorted(files)
    for problem in hand_made_files(project):  # kept; the build stops on them first (sitegen.plugin)
        files[(project.root / problem.file).relative_to(project.generated).as_posix()] = (
            project.root / problem.file).read_bytes()
        log.warning(str(problem))
    files[MARKER] = MARKER_TEXT + "".join(f"{relative}\n" for relative in written)
    return data, write_generated(project.generated, files, keep=(DOWNLOADS_FOLDER,))


def hand_made_files(project: Project) -> list[Problem]:
    """Files in docs/models/ that the last generation did not write (its marker lists what it
    wrote): an editor's, which the next generation would remove."""
    marker = project.generated / MARKER
    if not marker.exists():
        return []
    written_before = set(marker.read_text(encoding="utf-8").splitlines()[1:])
    if not written_before:  # a marker from before the list was kept: everything was generated
        return []
    problems = []
    for path in sorted(project.generated.rglob("*")):
        relative = path.relative_to(project.generated).as_posix()
        if (path.is_file() and relative not in written_before and relative != MARKER
                and relative.split("/")[0] != DOWNLOADS_FOLDER and not path.name.endswith(".partial")):
            name = PAGE_NAME.match(path.name)
            problems.append(Problem(
                path.relative_to(project.root).as_posix(), "",
                "this folder is written from data/ on every build and emptied of anything else, so this file "
                "would be removed; move it to docs/ (a page) or put its text in data/ (the build keeps it, and "
                "stops, until you do)", "hand-made", name["lang"] if name else ""))
    return problems

