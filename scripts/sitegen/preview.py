"""The preview (`make serve`) explains a failed build in the browser, not only in the terminal.

MkDocs keeps serving the last good site and holds every page request until a rebuild succeeds,
so after a data error the browser waits with nothing shown; and when the first build fails,
`mkdocs serve` stops before it serves anything. Here a failed build is recorded instead, the
first one included (`python -m sitegen.serve_preview` runs the engine so): every page then
answers with the same message the terminal shows (file, key, language), and the page reloads by
itself once a rebuild succeeds.
"""

from __future__ import annotations

import logging
from html import escape

# In all three languages: the editor's language is not known, and data/ui.yml may be the file
# that does not read. The message itself is in English, the language of CONTRIBUTING.md.
ERROR_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The preview could not be built</title></head>
<body>
<h1>The preview could not be built</h1>
<p>Fix what the message below names and save the file: this page reloads by itself when the site
builds again. The same message is in the terminal where <code>make serve</code> runs.</p>
<p lang="nl">De preview kon niet worden gebouwd. Verbeter wat de melding hieronder (in het Engels)
aangeeft en sla het bestand op: deze pagina laadt vanzelf opnieuw zodra het bouwen weer lukt.</p>
<p lang="fr">L’aperçu n’a pas pu être construit. Corrigez ce qu’indique le message ci-dessous (en
anglais) et enregistrez le fichier : cette page se recharge d’elle-même dès que la construction
réussit à nouveau.</p>
<pre style="white-space: pre-wrap">{message}</pre>
</body>
</html>
"""

# The message of the first build, when it failed (set by sitegen.serve_preview, shown by
# explain_failed_rebuilds): `mkdocs serve` calls the plugins' on_serve only after that build.
first_failure: list[str] = []


class _Warnings(logging.Handler):
    """The warnings of one rebuild: a strict build stops on them, with only their count."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


ENGINE_LOGGERS = ("mkdocs", "properdocs")  # where each engine (docs.py ENGINES) logs a build's messages


def failure_of(build, *args, **kwargs) -> list[str]:
    """Run one build; the messages that explain why it failed (the errors, or the warnings a
    strict build stopped on), or none when it succeeded."""
    warnings = _Warnings()
    loggers = [logging.getLogger(name) for name in ENGINE_LOGGERS]
    for logger in loggers:
        logger.addHandler(warnings)
    try:
        build(*args, **kwargs)
        return []
    except (Exception, SystemExit) as error:  # MkDocs' Abort (strict warnings) is a SystemExit
        # MkDocs' Abort only says that it stopped ("Aborted with a BuildError!"): the messages say why.
        messages = warnings.messages if isinstance(error, SystemExit) and warnings.messages else \
            [*warnings.messages, str(error)]
        logging.getLogger("mkdocs").error("The preview shows this error in the browser until it is fixed.")
        return messages
    finally:
        for logger in loggers:
            logger.removeHandler(warnings)


def explain_failed_rebuilds(server) -> None:
    """Make `server` (MkDocs' LiveReloadServer) answer page requests with the error of a failed
    build, the first one included, until a rebuild succeeds."""
    build, serve_request = server.builder, server.application
    failure: list[str] = list(first_failure)

    def builder(*args, **kwargs):
        failure[:] = failure_of(build, *args, **kwargs)

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
