"""Time spent inside each MkDocs hook, measured in a real build.

The templates rely on what some hooks provide, so the site cannot be built without them; the
hooks' cost is measured from inside instead. Each hook is loaded through a small stand-in
module that wraps its `on_*` functions with a clock (the event priorities are kept) and adds
the totals to a file when MkDocs exits.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

TIMES_VARIABLE = "BENCH_HOOK_TIMES"
FOLDER = "benchmark-hooks"

_STAND_IN = '''"""Times {hook} (written by benchmarks/hook_timing.py for one benchmark build)."""
import atexit, functools, importlib.util, json, os, sys, time
from pathlib import Path

_path = Path(__file__).resolve().parents[1] / {hook!r}
_started = time.perf_counter()
_spec = importlib.util.spec_from_file_location({hook!r}, _path)
_hook = importlib.util.module_from_spec(_spec)
sys.modules[{hook!r}] = _hook
sys.path.insert(0, str(_path.parent))
_spec.loader.exec_module(_hook)
_seconds = {{"import": time.perf_counter() - _started, "events": 0.0}}


def _timed(function):
    @functools.wraps(function)  # keeps mkdocs_priority
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _seconds["events"] += time.perf_counter() - started
    return timed


for _name in dir(_hook):
    if _name.startswith("on_") and callable(getattr(_hook, _name)):
        globals()[_name] = _timed(getattr(_hook, _name))


@atexit.register
def _write():
    path = os.environ.get("{variable}")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({{"hook": {hook!r}, **_seconds}}) + "\\n")
'''


def write_timed_hooks(project: Path, hooks: list[str]) -> list[str]:
    """Stand-ins for `hooks` inside `project`; returns their paths for a config's `hooks:`."""
    folder = project / FOLDER
    folder.mkdir(exist_ok=True)
    stand_ins = []
    for number, hook in enumerate(hooks):
        stand_in = folder / f"timed_{number:02d}_{Path(hook).stem}.py"
        stand_in.write_text(_STAND_IN.format(hook=hook, variable=TIMES_VARIABLE), encoding="utf-8")
        stand_ins.append(stand_in.relative_to(project).as_posix())
    return stand_ins


def read_hook_times(path: Path) -> dict[str, dict[str, float]]:
    """Seconds per hook from one build's times file: loading it ("import") and its event calls.

    Loading includes the first import of modules that several hooks share (sitegen, Jinja2,
    WeasyPrint), counted for whichever hook imports them first.
    """
    totals: dict[str, dict[str, float]] = defaultdict(lambda: {"import": 0.0, "events": 0.0})
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        for part in ("import", "events"):
            totals[entry["hook"]][part] += entry[part]
    return dict(totals)
