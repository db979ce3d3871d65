"""Making PDFs with WeasyPrint: several at a time, each all or nothing."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from sitegen.brochure_document import BrochureError

# WeasyPrint turns the WOFF2 fonts into TrueType with fontTools, which stamps each embedded font
# with the current time unless SOURCE_DATE_EPOCH says otherwise. One fixed stamp (1980-01-01, the
# usual date of reproducible archives) makes a PDF depend on its document only: a PDF kept in the
# cache is byte-identical to one made afresh, whatever the build's date.
FONT_TIMESTAMP = "315532800"


def write_pdf(document: str, base_url: str, target: Path) -> float:
    """Render with WeasyPrint into a temporary file, then rename it: all or nothing. Returns seconds."""
    # Imported here: loading WeasyPrint takes half a second that a build with no change saves.
    from weasyprint import HTML

    started = time.perf_counter()
    partial = target.with_name(f".{target.name}.partial")
    build_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
    try:
        HTML(string=document, base_url=base_url).write_pdf(partial, pdf_variant="pdf/ua-1")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        if build_epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = build_epoch
    return time.perf_counter() - started


@dataclass(frozen=True)
class Job:
    """A PDF to make: one brochure in one language whose sources changed."""

    brochure: str
    lang: str
    document: str
    base_url: str
    target: Path


def _run(job: Job) -> tuple[float, str]:
    """(seconds, '') when the PDF was made; (0, what went wrong) when it could not be."""
    try:
        return write_pdf(job.document, job.base_url, job.target), ""
    except Exception as error:  # reported together with any other failure, after all PDFs ran
        return 0.0, (f"brochure '{job.brochure}', language '{job.lang}': the PDF could not be made "
                     f"({type(error).__name__}: {error})")


def make_pdfs(jobs: list[Job], workers: int) -> dict[tuple[str, str], float]:
    """Make the PDFs, `workers` at a time, longest first; seconds per (brochure, language)."""
    jobs = sorted(jobs, key=lambda job: len(job.document), reverse=True)
    workers = min(len(jobs), workers)
    if workers <= 1:
        results = [_run(job) for job in jobs]
    else:
        from concurrent.futures import ProcessPoolExecutor  # here: a build with no PDF to make skips loading it

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_run, jobs))
    failures = [failure for _, failure in results if failure]
    if failures:
        raise BrochureError("PDF brochures that could not be made:\n  " + "\n  ".join(failures))
    return {(job.brochure, job.lang): seconds for job, (seconds, _) in zip(jobs, results)}


