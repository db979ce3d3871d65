"""Problems found in the project's sources, as data: where, what kind, and what to do.

Every check returns these, and every consumer (the build, i18n-status, the tests) reads the
fields; nobody parses a message back out of text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem an editor can fix: `file` is relative to the project root (`data/ui.yml`,
    `docs/faq.fr.md`); `path` is the key inside a data file (`models[2].summary.fr`) or the
    line (`line 12`); `language` is set when only one language is concerned."""

    file: str
    path: str
    message: str
    kind: str = "invalid"
    language: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


class ProblemsFound(Exception):
    """Raised with every problem found, so an editor fixes them in one go."""

    def __init__(self, heading: str, problems: list[Problem]):
        self.heading = heading
        self.problems = list(problems)
        super().__init__(f"{heading}:\n  " + "\n  ".join(map(str, self.problems)))
