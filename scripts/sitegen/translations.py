"""Which page sources exist in which language (docs/<page>.<lang>.md)."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.problems import Problem

PAGE_NAME = re.compile(r"^(?P<page>.+)\.(?P<lang>[a-z]{2})\.md$")


def page_sources(docs_dir: Path) -> dict[str, dict[str, Path]]:
    """Map each page (path without language suffix, e.g. 'faq') to its files per language."""
    pages: dict[str, dict[str, Path]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        match = PAGE_NAME.match(relative.name)
        page = str(relative.parent / match["page"]) if match else str(relative.with_suffix(""))
        pages.setdefault(page, {})[match["lang"] if match else ""] = path
    return pages


def translation_problems(docs_dir: Path, languages: list[str]) -> list[Problem]:
    """Every page must exist once per language, with a language suffix."""
    problems = []
    root = docs_dir.parent
    for page, files in page_sources(docs_dir).items():
        for lang, path in files.items():
            if lang not in languages:
                expected = ", ".join(f"{page}.{code}.md" for code in languages)
                problems.append(Problem(
                    path.relative_to(root).as_posix(), "",
                    f"not a language of this site; name page files {expected}", "unknown-language", lang,
                ))
        source = next((files[lang] for lang in languages if lang in files), None)
        for lang in languages:
            if lang not in files and source is not None:
                problems.append(Problem(
                    (docs_dir / f"{page}.{lang}.md").relative_to(root).as_posix(), "",
                    f"missing translation ({lang}) of {source.relative_to(root)}: create this file",
                    "missing-translation", lang,
                ))
    return problems
