"""Time spent inside the site plugin's events, measured in a real build.

The templates rely on what the plugin provides, so the site cannot be built without it; its
cost is measured from inside instead. `python benchmarks/event_timing.py TIMES mkdocs build ...`
wraps every `on_*` event of sitegen.plugin.SitePlugin (and the brochure step inside
`on_pre_build`) with a clock, runs the MkDocs command line, and writes the seconds per event
to TIMES as JSON.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

BROCHURES = "brochures"  # the brochure step, counted apart from the event it runs in


def timed(function, name: str, seconds: dict):
    @functools.wraps(function)  # keeps mkdocs_priority
    def clocked(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] += time.perf_counter() - started
    return clocked


def clock_plugin(plugin_class, module, seconds: dict) -> None:
    """Wrap the plugin's events and the module's build_brochures with clocks adding to `seconds`."""
    for name in [name for name in vars(plugin_class) if name.startswith("on_")]:
        setattr(plugin_class, name, timed(getattr(plugin_class, name), name, seconds))
    module.build_brochures = timed(module.build_brochures, BROCHURES, seconds)


def without_brochures(seconds: dict[str, float]) -> float:
    """The plugin's own cost: every event, less the brochure step they include."""
    return sum(value for name, value in seconds.items() if name != BROCHURES) - seconds.get(BROCHURES, 0.0)


def main(times: Path, command: list[str]) -> int:
    import sitegen.plugin
    from mkdocs.__main__ import cli

    seconds: dict[str, float] = defaultdict(float)
    clock_plugin(sitegen.plugin.SitePlugin, sitegen.plugin, seconds)
    try:
        cli.main(args=command, prog_name="mkdocs", standalone_mode=False)
    finally:
        times.write_text(json.dumps(dict(seconds), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[3:]))
