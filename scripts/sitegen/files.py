"""Writing a file all or nothing, under a temporary name no other process uses."""

from __future__ import annotations

import os
from pathlib import Path


def partial_path(target: Path) -> Path:
    """Where `target` is written before it is renamed: hidden, beside it, and per process, so
    that two builds at once never write the same temporary file."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def write_atomically(target: Path, data: bytes) -> None:
    """A reader sees the old file or the new one, never half of one; an interrupted write leaves
    no temporary file behind."""
    partial = partial_path(target)
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
