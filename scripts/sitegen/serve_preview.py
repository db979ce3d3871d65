"""`python -m sitegen.serve_preview ENGINE serve ...`: the engine's `serve`, which keeps running
when its first build fails (a data error before the preview started), so that the browser shows
the error page of sitegen.preview instead of nothing, and the preview recovers once the file is
fixed. The engine (MkDocs or ProperDocs) stops after a failed first build; its rebuilds already
go through the plugin's on_serve."""

from __future__ import annotations

import importlib
import sys

from sitegen import preview


def serve(engine: str, arguments: list[str]) -> None:
    serving = importlib.import_module(f"{engine}.commands.serve")
    build = serving.build

    def first_build(*args, **kwargs):
        """The first build records its failure and lets `serve` go on; later builds run as they are."""
        serving.build = build
        preview.first_failure[:] = preview.failure_of(build, *args, **kwargs)

    serving.build = first_build
    sys.argv = [engine, *arguments]
    importlib.import_module(f"{engine}.__main__").cli(prog_name=engine)


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
