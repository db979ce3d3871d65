"""Which page sources exist in which language (docs/<page>.<lang>.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PAGE_NAME = re.compile(r"^(?P<page>.+)\.(?P<lang>[a-z]{2})\.md$")


@dataclass(frozen=True)
class TranslationProblem:
    path: Path  # the file to create or rename, relative to the project root
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def page_sources(docs_dir: Path) -> dict[str, dict[str, Path]]:
    """Map each page (path without language suffix, e.g. 'faq') to its files per language."""
    pages: dict[str, dict[str, Path]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        match = PAGE_NAME.match(relative.name)
        page = str(relative.parent / match["page"]) if match else str(relative.with_suffix(""))
        pages.setdefault(page, {})[match["lang"] if match else ""] = path
    return pages


def translation_problems(docs_dir: Path, languages: list[str]) -> list[TranslationProblem]:
    """Every page must exist once per language, with a language suffix."""
    problems = []
    root = docs_dir.parent
    for page, files in page_sources(docs_dir).items():
        for lang, path in files.items():
            if lang not in languages:
                expected = ", ".join(f"{page}.{code}.md" for code in languages)
                problems.append(TranslationProblem(
                    path.relative_to(root),
                    f"not a language of this site; name page files {expected}",
                ))
        source = next((files[lang] for lang in languages if lang in files), None)
        for lang in languages:
            if lang not in files and source is not None:
                problems.append(TranslationProblem(
                    (docs_dir / f"{page}.{lang}.md").relative_to(root),
                    f"missing translation ({lang}) of {source.relative_to(root)}: create this file",
                ))
    return problems
