"""Every interface word the templates and the code ask for exists in data/ui.yml.

A missing word would otherwise surface as an error on whichever page first printed it, naming
that page instead of data/ui.yml. The words used are found where they are written (the patterns
below: the theme's templates read config.extra.ui, the page templates and the code call t with
the key or look it up in ui); a few keys are named by data (a status, a unit) and listed here.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.data import PROGRAMME_STATUSES, UNITS
from sitegen.pages import missing_word
from sitegen.problems import Problem

PACKAGE = Path(__file__).parent
TEMPLATES = ("overrides/*.html", "overrides/partials/*.html", "overrides/brochure/*.html")
WORD_IN_THEME_TEMPLATE = re.compile(r"\b(?:config\.extra\.ui|words)\.([a-z_]+)")
WORD_ASKED_FOR = re.compile(r"(?<![\w.])(?:self\.|renderer\.|words\.)?t\(\s*[\"']([a-z_]+)[\"']")
WORD_LOOKED_UP = re.compile(r"\bui\[\s*[\"']([a-z_]+)[\"']\s*\]")
NAMED_BY_DATA = tuple(f"status_{status}" for status in PROGRAMME_STATUSES) + UNITS


def words_used(root: Path) -> dict[str, str]:
    """Each interface word the site uses, with the first file (relative to root) that uses it."""
    used: dict[str, str] = {}
    sources = [(path, (WORD_IN_THEME_TEMPLATE, WORD_ASKED_FOR)) for pattern in TEMPLATES
               for path in sorted(root.glob(pattern))]
    sources += [(path, (WORD_ASKED_FOR,)) for path in sorted((PACKAGE / "templates").glob("*.j2"))]
    sources += [(path, (WORD_ASKED_FOR, WORD_LOOKED_UP)) for path in sorted(PACKAGE.glob("*.py"))]
    for path, patterns in sources:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        for pattern in patterns:
            for key in pattern.findall(text):
                used.setdefault(key, where)
    for key in NAMED_BY_DATA:
        used.setdefault(key, "data/")
    return used


def missing_word_problems(root: Path, ui: dict) -> list[Problem]:
    """A Problem naming data/ui.yml and the key for every word used but not defined there."""
    return [missing_word(key, used_in) for key, used_in in sorted(words_used(root).items()) if key not in ui]
