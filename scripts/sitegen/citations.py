"""The sources a hand-written page cites: its `sources:` metadata, ids of data/sources.yml.

Every page lists them at its end (sitegen.pages.with_sources); the three languages of a page
state the same facts, so they cite the same sources.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.front_matter import FrontMatterError, split_page
from sitegen.problems import Problem
from sitegen.translations import page_sources


def citation_problems(docs_dir: Path, languages: list[str], sources: dict, root: Path) -> list[Problem]:
    """Unknown source ids, and languages of one page that cite other sources than the first."""
    problems = []
    for files in page_sources(docs_dir).values():
        cited: dict[str, list] = {}
        for lang in languages:
            if lang not in files:
                continue  # a missing translation is reported on its own
            try:
                meta, _ = split_page(files[lang])
            except FrontMatterError:
                continue  # reported on its own
            if meta.get("generated"):
                break
            file = files[lang].relative_to(root).as_posix()
            ids = meta.get("sources")
            if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
                problems.append(Problem(file, "sources", f"expected a list of source ids of data/sources.yml "
                                                         f"(like [fedasil-call-2023, caritas-faq]), found {ids!r}",
                                        "citation", lang))
                continue
            problems += [Problem(file, "sources", f"unknown source '{item}': add it to data/sources.yml or "
                                                  "correct the id", "citation", lang)
                         for item in ids if item not in sources]
            cited[lang] = ids
        first = next(iter(cited), None)
        for lang, ids in cited.items():
            if set(ids) != set(cited[first]):
                file = files[lang].relative_to(root).as_posix()
                differ = sorted(set(ids) ^ set(cited[first]))
                problems.append(Problem(file, "sources", f"cites other sources than the {first} page "
                                                         f"(differs in: {', '.join(differ)}); the languages of a "
                                                         "page cite the same sources", "citation", lang))
    return problems
