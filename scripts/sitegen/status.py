"""The state of the call to partners (data/status.yml), in the words of each language.

One plain function for every output: the site shows the notice at the top of each page
(scripts/hooks/add_programme_status.py), the brochures on their covers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sitegen.data import SiteData, load_site_data
from sitegen.pages import Renderer


@dataclass(frozen=True)
class StatusNotice:
    """What a reader sees, in one language. Texts are plain (not escaped)."""

    lang: str
    kind: str  # open | paused | closed | message
    heading: str  # "Call to partners: open"
    date: str  # "16 March 2023"
    date_iso: str  # "2023-03-16", for <time datetime>
    text: str


def status_notices(data: SiteData) -> dict[str, StatusNotice]:
    """The programme status in every language of the site, keyed by language."""
    status = data.status
    notices = {}
    for lang in data.languages:
        words = Renderer(data, lang, "", dt.date.today())
        notices[lang] = StatusNotice(
            lang=lang,
            kind=status["status"],
            heading=data.ui[f"status_{status['status']}"][lang],
            date=words.date(status["date"]),
            date_iso=status["date"],
            text=status["text"][lang],
        )
    return notices


def load_status(data_dir: Path, languages: list[str]) -> dict[str, StatusNotice]:
    """Validate data/ (DataError names file and key) and return the notice per language."""
    return status_notices(load_site_data(data_dir, languages))
