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
ENCODING = "utf-8-sig"  # UTF-8, with or without the byte-order mark some editors write
_KEPT_RESULTS = 1024  # per parser; a build reads a few hundred files


def parsed_once(parse: Callable[[Path, str], Parsed]) -> Callable[[Path], Parsed]:
    """Wrap `parse(path, text)` into `read(path)`, which parses a given content only once.

    The cache is keyed by the text itself, not by a timestamp, so an edit is always seen. Each
    caller gets its own copy, free to change. Errors are not kept: a broken file raises every time.
    """
    results: dict[tuple[str, str], Parsed] = {}

    @functools.wraps(parse)
    def read(path: Path) -> Parsed:
        text = read_source(path)
        key = (str(path), text)
        if key not in results:
            if len(results) >= _KEPT_RESULTS:
                results.clear()
            results[key] = parse(path, text)
        return copy.deepcopy(results[key])

    return read


class NotUTF8Error(ValueError):
    """A source file saved in another encoding than UTF-8; the message says where and what to do."""


def read_source(path: Path) -> str:
    """The text of a page or data file; NotUTF8Error names the line of the first unreadable byte."""
    content = path.read_bytes()
    try:  # line ends as read_text gives them: \r\n and \r become \n
        return content.decode(ENCODING).replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        raise NotUTF8Error(f"line {line}: this file is not saved as UTF-8 (byte {content[error.start]:#04x} "
                           "cannot be read); open it in your editor and save it as UTF-8") from None


class DuplicateKeyError(yaml.MarkedYAMLError):
    """The same key twice in one mapping: YAML keeps the second silently, an editor loses the first."""


def load_yaml(text: str, loader: type = SafeLoader):
    """Like yaml.load, but a key written twice in one mapping is an error, not a silent overwrite.

    The C parser builds the node graph (what yaml.load does anyway), the keys are compared on the
    nodes, then the same nodes become Python values: the extra cost is one walk over the nodes.
    """
    parser = loader(text)
    try:
        document = parser.get_single_node()
        if document is None:
            return None
        _refuse_duplicate_keys(document)
        return parser.construct_document(document)
    finally:
        parser.dispose()


def _refuse_duplicate_keys(document: yaml.Node) -> None:
    seen_nodes, pending = set(), [document]
    while pending:
        node = pending.pop()
        if id(node) in seen_nodes:  # an alias shares its node
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_line: dict = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if key.value in first_line:
                        raise DuplicateKeyError(
                            problem=f"key '{key.value}' appears twice in this mapping (also on line "
                                    f"{first_line[key.value]}); keep one", problem_mark=key.start_mark)
                    first_line[key.value] = key.start_mark.line + 1
                pending += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            pending += node.value


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
