"""The brochures kept in .cache/brochures/ between builds.

A PDF is kept under the hash of its document; and since writing a brochure's HTML means
converting all its pages, which costs more than everything else in a rebuild, a hash of its
sources is compared first: when none changed, the document cannot have changed either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import tempfile
from pathlib import Path

from sitegen.brochure_document import PRINT_FOLDER
from sitegen.data import Brochure
from sitegen.files import write_atomically
from sitegen.generate import DOWNLOADS_FOLDER
from sitegen.project import Project
from sitegen.site_settings import SiteSettings

FONTS_FOLDER = Path("overrides") / "assets" / "fonts"
CACHED_VERSIONS = 4  # per brochure and language


def assets_fingerprint(project: Project) -> bytes:
    """Stylesheet, template, fonts, the WeasyPrint version and how it is called (pdf.py): a change
    to any of them shows in the PDF."""
    digest = hashlib.sha256(importlib.metadata.version("weasyprint").encode())
    digest.update((Path(__file__).parent / "pdf.py").read_bytes())
    for folder in (project.root / PRINT_FOLDER, project.root / FONTS_FOLDER):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(project.root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


SOURCES_INDEX = "sources.json"  # in the cache: which PDF was made from which sources
SITEGEN_FOLDER = Path(__file__).parent  # the code that writes the document
MARKDOWN_PACKAGES = ("markdown", "pymdown-extensions", "Jinja2")


def shared_sources_fingerprint(project: Project, assets: bytes, settings: SiteSettings, today: dt.date) -> bytes:
    """Everything every brochure depends on: print assets, this code and its libraries, mkdocs.yml,
    data/, the files of docs/ that are not pages (images), the address and the day (events move
    from upcoming to past)."""
    digest = hashlib.sha256(assets)
    digest.update(f"{settings.site_url}\0{today.isoformat()}".encode())
    for package in MARKDOWN_PACKAGES:
        digest.update(f"\0{package}={importlib.metadata.version(package)}".encode())
    code = sorted(path for path in SITEGEN_FOLDER.rglob("*") if path.suffix in (".py", ".j2"))
    sources = [project.config_file, *sorted(project.data.glob("*.yml")),
               *sorted(path for path in project.docs.rglob("*") if path.is_file() and path.suffix != ".md"
                       and project.generated / DOWNLOADS_FOLDER not in path.parents)]
    # Each file is named from its folder, so that a copy of the project finds the same brochures.
    named = [(path.relative_to(SITEGEN_FOLDER), path) for path in code]
    named += [(path.relative_to(project.root), path) for path in sources]
    for name, path in named:
        digest.update(f"\0{name.as_posix()}\0".encode() + path.read_bytes())
    return digest.digest()


def sources_fingerprint(project: Project, shared: bytes, brochure: Brochure, lang: str) -> str:
    digest = hashlib.sha256(shared + f"\0{brochure.id}\0{lang}".encode())
    for page in brochure.pages:
        digest.update(f"\0{page}\0".encode() + (project.docs / f"{page}.{lang}.md").read_bytes())
    return digest.hexdigest()[:24]


def unwritable_reason(cache: Path) -> str:
    """Why PDFs cannot be kept in `cache` ('' when they can). Tried, not judged from permissions,
    which root ignores."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=cache):
            return ""
    except OSError as error:
        return error.strerror or str(error)


def read_sources_index(cache: Path) -> dict:
    try:
        index = json.loads((cache / SOURCES_INDEX).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}  # no index yet, or a damaged one: every document is written again
    return index if isinstance(index, dict) else {}


def write_sources_index(cache: Path, index: dict) -> None:
    write_atomically(cache / SOURCES_INDEX, json.dumps(index, indent=1, sort_keys=True).encode("utf-8"))


def clear_cache(cache: Path, in_use: set[tuple[str, str]]) -> None:
    """Drop brochures that no longer exist, and all but the few most recently used versions of
    the others: switching back and forth (say, between the address `make build` uses and the one
    the tests use) then costs nothing."""
    versions: dict[tuple[str, str], list[Path]] = {}
    for path in cache.glob("*.pdf"):
        brochure, lang, _ = path.name.removesuffix(".pdf").rsplit(".", 2)
        versions.setdefault((brochure, lang), []).append(path)
    for brochure_and_lang, paths in versions.items():
        keep = CACHED_VERSIONS if brochure_and_lang in in_use else 0
        for path in sorted(paths, key=lambda path: path.stat().st_mtime)[:max(len(paths) - keep, 0)]:
            path.unlink()


