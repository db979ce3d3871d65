"""Reading the project's sources quickly.

MkDocs runs the plugin once per language, and several steps read the same files; parsing each
file once per content, with the C YAML parser, keeps that from adding up. Compiling templates
is a third of a build, so compiled templates are kept in .cache/ from one build to the next.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Callable, TypeVar

import yaml
from jinja2 import FileSystemBytecodeCache

# libyaml parses about eight times faster than the pure-Python parser; same results and errors.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Parsed = TypeVar("Parsed")
_KEPT_RESULTS = 1024  # per parser; a build reads a few hundred files


def parsed_once(parse: Callable[[Path, str], Parsed]) -> Callable[[Path], Parsed]:
    """Wrap `parse(path, text)` into `read(path)`, which parses a given content only once.

    The cache is keyed by the text itself, not by a timestamp, so an edit is always seen. Each
    caller gets its own copy, free to change. Errors are not kept: a broken file raises every time.
    """
    results: dict[tuple[str, str], Parsed] = {}

    @functools.wraps(parse)
    def read(path: Path) -> Parsed:
        text = path.read_text(encoding="utf-8")
        key = (str(path), text)
        if key not in results:
            if len(results) >= _KEPT_RESULTS:
                results.clear()
            results[key] = parse(path, text)
        return copy.deepcopy(results[key])

    return read


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's compiled templates, kept in a folder between builds.

    A compiled template is reused only for the same source compiled with the same settings, so
    an edited template is always compiled again. A folder that cannot be written only makes the
    build slower.
    """

    def __init__(self, folder: Path):
        super().__init__(str(folder))

    def get_bucket(self, environment, name, filename, source):
        # Jinja checks the source only; the same source compiles differently under other settings.
        return super().get_bucket(environment, name, filename, source + _compile_settings(environment))

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass  # nothing usable kept: the template is compiled

    def dump_bytecode(self, bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compile_settings(environment) -> str:
    autoescape = environment.autoescape
    settings = (
        sorted(environment.extensions), getattr(autoescape, "__qualname__", autoescape),
        environment.trim_blocks, environment.lstrip_blocks, environment.keep_trailing_newline,
        environment.newline_sequence, environment.optimized, environment.line_statement_prefix,
        environment.line_comment_prefix, environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
    )
    return f"\0{settings!r}"
