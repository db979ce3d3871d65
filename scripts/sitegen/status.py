"""The state of the call to partners (data/status.yml), in the words of each language.

One plain function for every output: the site shows the notice at the top of each page
(sitegen.plugin), the brochures on their covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.data import SiteData
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
    checked: str  # "December 2026": when the status was last checked
    checked_iso: str


def status_notices(data: SiteData) -> dict[str, StatusNotice]:
    """The programme status in every language of the site, keyed by language (dates need no
    build date: the status date is fixed)."""
    status = data.status
    notices = {}
    for lang in data.languages:
        words = Renderer(data, lang, "")
        notices[lang] = StatusNotice(
            lang=lang,
            kind=status["status"],
            heading=data.ui[f"status_{status['status']}"][lang],
            date=words.date(status["date"]),
            date_iso=status["date"],
            text=status["text"][lang],
            checked=words.date(status["checked"]),
            checked_iso=status["checked"],
        )
    return notices


