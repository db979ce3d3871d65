"""Making PDFs with WeasyPrint: several at a time, each all or nothing; Ctrl+C stops them all."""

from __future__ import annotations

import os
import re
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from sitegen.brochure_document import BrochureError
from sitegen.files import partial_path

# WeasyPrint turns the WOFF2 fonts into TrueType with fontTools, which stamps each embedded font
# with the current time unless SOURCE_DATE_EPOCH says otherwise. One fixed stamp (1980-01-01, the
# usual date of reproducible archives) makes a PDF depend on its document only: a PDF kept in the
# cache is byte-identical to one made afresh, whatever the build's date.
FONT_TIMESTAMP = "315532800"
PDF_VARIANT = "pdf/ua-1"
# A page number to fill in: <span class="page-number" data-page-of="ID">00</span> (brochure_document).
PAGE_NUMBER = re.compile(r'(<span class="page-number" data-page-of="(?P<id>[^"]*)">)[^<]*(</span>)')
LAYOUTS = 4  # at most: the first with placeholders, then until no number moves a page


def project_files_only(root: Path):
    """A WeasyPrint URL fetcher that loads the project's own files and nothing else: no network
    address (no request leaves the site), no local file outside the project (a link such as
    `<a rel="attachment" href="file:///etc/passwd">` would otherwise put that file in the PDF)."""
    from urllib.parse import unquote, urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class RefusedAddress(FatalURLFetchingError):
        """Stops the PDF: WeasyPrint would only log an ordinary fetching error and go on."""

    class ProjectFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(url2pathname(unquote(parts.path))).resolve()
                if path.is_relative_to(root.resolve()):
                    return super().fetch(url, headers)
                raise RefusedAddress(f"a page of this brochure refers to {path}, a file outside the project; "
                                     "only images and files inside docs/ can go into a brochure")
            raise RefusedAddress(f"a page of this brochure loads {url} from another site; put the file in "
                                 "docs/ and refer to it with a relative path (no request may leave the site)")

    return ProjectFilesOnly()


def write_pdf(document: str, base_url: str, target: Path, root: Path) -> float:
    """Render with WeasyPrint into a temporary file, then rename it: all or nothing. Only files
    inside `root` (the project) can go into it. Returns seconds."""
    # Imported here: loading WeasyPrint takes half a second that a build with no change saves.
    from weasyprint import HTML

    started = time.perf_counter()
    partial = partial_path(target)
    build_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
    try:
        laid_out = laid_out_with_page_numbers(
            lambda text: HTML(string=text, base_url=base_url, url_fetcher=project_files_only(root)).render(
                pdf_variant=PDF_VARIANT), document)
        laid_out.write_pdf(partial, pdf_variant=PDF_VARIANT)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        if build_epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = build_epoch
    return time.perf_counter() - started


def laid_out_with_page_numbers(render, document: str):
    """Lay the document out, read on which page each referenced element starts, write those
    numbers in as text and lay it out again, until no number changes (at most LAYOUTS times).
    CSS counters (target-counter) would do it in one go, but WeasyPrint did not always settle on
    numbers when they changed the length of a line."""
    numbers: dict[str, str] = {}
    for _ in range(LAYOUTS):
        laid_out = render(with_page_numbers(document, numbers))
        found = anchor_pages(laid_out)
        wanted = {match["id"]: found.get(match["id"], "?") for match in PAGE_NUMBER.finditer(document)}
        if wanted == numbers or not wanted:
            return laid_out
        numbers = wanted
    raise RuntimeError(f"the page numbers did not settle after {LAYOUTS} layouts")


def anchor_pages(laid_out) -> dict[str, str]:
    """Element id -> number of the page on which it starts, in a laid-out WeasyPrint document."""
    pages: dict[str, str] = {}
    for number, page in enumerate(laid_out.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, str(number))
    return pages


def with_page_numbers(document: str, numbers: dict[str, str]) -> str:
    if not numbers:
        return document
    return PAGE_NUMBER.sub(lambda match: f"{match[1]}{numbers.get(match['id'], '?')}{match[3]}", document)


@dataclass(frozen=True)
class Job:
    """A PDF to make: one brochure in one language whose sources changed."""

    brochure: str
    lang: str
    document: str
    base_url: str
    target: Path
    root: Path  # the project: the only folder the PDF may take files from


# In a worker: whether a PDF is being written, and so has a partial file to remove on SIGTERM.
_writing = False


def _run(job: Job) -> tuple[float, str]:
    """(seconds, '') when the PDF was made; (0, what went wrong) when it could not be."""
    from weasyprint.urls import FatalURLFetchingError

    global _writing
    _writing = True
    try:
        return write_pdf(job.document, job.base_url, job.target, job.root), ""
    except FatalURLFetchingError as error:  # a refused address: its message says what to do
        return 0.0, f"brochure '{job.brochure}', language '{job.lang}': {error}"
    except Exception as error:  # reported together with any other failure, after all PDFs ran
        return 0.0, (f"brochure '{job.brochure}', language '{job.lang}': the PDF could not be made "
                     f"({type(error).__name__}: {error})")
    finally:
        _writing = False


def _leave_interrupts_to_the_parent() -> None:
    """In a worker: Ctrl+C is for the parent, which then terminates the workers; terminating
    exits through `finally`, which removes the PDF being written."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit)


def _exit(signum, frame) -> None:
    """Terminated while writing: leave through `finally`, which removes the partial PDF. Idle
    (every PDF made, the pool ending): leave at once; a SystemExit raised during the worker's
    own exit would print a traceback under a good build."""
    if _writing:
        raise SystemExit(128 + signum)
    os._exit(128 + signum)


def make_pdfs(jobs: list[Job], workers: int) -> dict[tuple[str, str], float]:
    """Make the PDFs, `workers` at a time, longest first; seconds per (brochure, language)."""
    jobs = sorted(jobs, key=lambda job: len(job.document), reverse=True)
    workers = min(len(jobs), workers)
    if workers <= 1:
        results = [_run(job) for job in jobs]
    else:
        import multiprocessing  # here: a build with no PDF to make skips loading it

        # Workers are started fresh ("spawn"), not forked: a fork of the MkDocs process copies
        # locks held by its other threads, and a worker could wait on one for ever.
        # Leaving the block, also on Ctrl+C, terminates the workers and waits for them to end.
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers, initializer=_leave_interrupts_to_the_parent) as pool:
            results = pool.map(_run, jobs, chunksize=1)
    failures = [failure for _, failure in results if failure]
    if failures:
        raise BrochureError("PDF brochures that could not be made:\n  " + "\n  ".join(failures))
    return {(job.brochure, job.lang): seconds for job, (seconds, _) in zip(jobs, results)}


