"""Pages, size and making time of every brochure in every language, each PDF made afresh.

A copy of the project gets its pages generated and then every brochure made one at a time (one
worker, an empty cache), so the seconds are those of that one PDF: both layouts (the second
writes in the page numbers the first found, sitegen.pdf) and the PDF itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from projects import copy_project
from sitegen.brochures import build_brochures
from sitegen.generate import generate
from sitegen.project import Project

SITE_URL = "https://example.org/resettlement/"  # a public address, as a published build has


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def measure_brochures(work: Path) -> dict:
    """{"brochures": [{brochure, lang, pages, bytes, seconds}], "total_seconds": ...}."""
    project = Project.at(copy_project(work / "project"))
    today = dt.date.today()
    data, _ = generate(project, today)
    made = build_brochures(project, data, SITE_URL, today, workers=1, cache=work / "cache")
    rows = [{"brochure": brochure.brochure, "lang": brochure.lang, "pages": pdf_pages(brochure.file),
             "bytes": brochure.file.stat().st_size, "seconds": round(brochure.seconds, 2)} for brochure in made]
    return {"brochures": rows, "total_seconds": round(sum(row["seconds"] for row in rows), 2)}


if __name__ == "__main__":  # one measurement alone: python benchmarks/brochures.py
    import json
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-brochures-") as scratch:
        print(json.dumps(measure_brochures(Path(scratch)), indent=2))
