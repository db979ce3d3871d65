"""The preview (`make serve`) explains a failed rebuild in the browser, not only in the terminal.

MkDocs keeps serving the last good site and holds every page request until a rebuild succeeds,
so after a data error the browser waits with nothing shown. Here a failed rebuild is recorded
instead: every page then answers with the same message the terminal shows (file, key, language),
and the page reloads by itself once a rebuild succeeds.
"""

from __future__ import annotations

import logging
from html import escape

ERROR_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>The preview could not be rebuilt</title></head>
<body>
<h1>The preview could not be rebuilt</h1>
<p>Fix what the message names and save the file: this page reloads by itself when the site builds
again. The same message is in the terminal where <code>make serve</code> runs.</p>
<pre>{message}</pre>
</body>
</html>
"""


class _Warnings(logging.Handler):
    """The warnings of one rebuild: a strict build stops on them, with only their count."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def explain_failed_rebuilds(server) -> None:
    """Make `server` (MkDocs' LiveReloadServer) answer page requests with the error of a failed
    rebuild, until a rebuild succeeds."""
    build, serve_request = server.builder, server.application
    failure: list[str] = []

    def builder(*args, **kwargs):
        warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            build(*args, **kwargs)
            failure.clear()
        except (Exception, SystemExit) as error:  # MkDocs' Abort (strict warnings) is a SystemExit
            failure[:] = [*warnings.messages, str(error)]
            logging.getLogger("mkdocs").error("The preview shows this error in the browser until it is fixed.")
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)

    def answer(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not failure or path.startswith("/livereload/") or not (path.endswith("/") or path.endswith(".html")):
            return serve_request(environ, start_response)
        page = ERROR_PAGE.format(message=escape("\n".join(dict.fromkeys(failure)))).encode("utf-8")
        page = server._inject_js_into_html(page, server._visible_epoch)  # reloads when a rebuild succeeds
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                     ("Content-Length", str(len(page)))])
        return [page]

    server.builder = builder
    server.set_app(answer)
