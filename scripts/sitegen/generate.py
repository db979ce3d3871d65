"""Write the generated pages into docs/models/ (and only there), touching unchanged files never.

Writing only what changed keeps `mkdocs serve` from rebuilding in a loop, and lets a rebuild
without edits skip everything downstream.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.data import SiteData, load_site_data
from sitegen.files import write_atomically
from sitegen.pages import render_pages
from sitegen.project import Project


# Subfolder of docs/models/ that sitegen.brochures fills with PDFs after the pages are written.
DOWNLOADS_FOLDER = "downloads"


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
    before writing anything."""
    data = load_site_data(project.data, list(project.languages))
    files = render_pages(data, today)
    if project.generated.exists() and not (project.generated / ".generated").exists():
        raise RuntimeError(f"{project.generated} exists but was not made by the generator; move it away")
    files[".generated"] = "Everything in this folder is written from data/ on every build. Do not edit.\n"
    return data, write_generated(project.generated, files, keep=(DOWNLOADS_FOLDER,))
