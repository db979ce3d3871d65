"""Read and check the metadata block at the top of each page (title, description, sources)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sitegen.reading import DuplicateKeyError, SafeLoader, load_yaml, parsed_once

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
REQUIRED = {"title": str, "description": str}
REQUIRED_BY_HAND = {"sources": list}  # pages written by people cite the fact base


class FrontMatterError(ValueError):
    pass


@parsed_once
def split_page(path: Path, text: str) -> tuple[dict, str]:
    """Return (metadata, Markdown body); FrontMatterError names the file and the problem."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError(f"{path}: no metadata block (--- title/description/sources ---) at the top")
    try:
        meta = load_yaml(match[1], SafeLoader)
    except DuplicateKeyError as error:
        raise FrontMatterError(f"{path}: metadata, line {error.problem_mark.line + 2}: {error.problem}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark else ""
        raise FrontMatterError(
            f"{path}: metadata is not valid YAML{where} ({getattr(error, 'problem', error)}); "
            "put texts that contain ': ' between double quotes"
        ) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(f"{path}: metadata must be 'key: value' lines")
    required = REQUIRED if meta.get("generated") else {**REQUIRED, **REQUIRED_BY_HAND}
    for key, kind in required.items():
        if not isinstance(meta.get(key), kind) or not meta[key]:
            raise FrontMatterError(f"{path}: metadata needs '{key}' ({kind.__name__})")
    return meta, text[match.end():]
