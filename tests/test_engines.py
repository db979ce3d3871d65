"""A second engine: ProperDocs, the maintained drop-in fork of MkDocs 1.x, builds the same site.

Material for MkDocs reaches its end of life on 2027-05-05 and MkDocs 1.x has no releases; the
README says what the project does about it. This test keeps the way out open: the same sources,
built by ProperDocs in another process with another hash seed, give the same bytes, so the
build is also deterministic across processes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import ROOT, build


def _fingerprints(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_properdocs_with_another_hash_seed_builds_the_same_bytes(site, tmp_path):
    result = build(ROOT, tmp_path / "site", DOCS_ENGINE="properdocs", PYTHONHASHSEED="4242")
    assert result.returncode == 0, result.output[-3000:]
    ours, theirs = _fingerprints(site), _fingerprints(result.site)
    assert set(ours) == set(theirs), f"files only in one build: {sorted(set(ours) ^ set(theirs))[:10]}"
    for kind in (".html", ".json", ".xml", ".ics", ".gz", ".pdf"):
        assert any(name.endswith(kind) for name in ours), f"no {kind} file was compared"
    different = [name for name in ours if ours[name] != theirs[name]]
    assert not different, f"{len(different)} files differ, for example {different[:5]}"


def test_unknown_engine_is_refused_with_the_choices(tmp_path):
    result = build(ROOT, tmp_path / "site", DOCS_ENGINE="sphinx")
    assert result.returncode != 0
    assert "DOCS_ENGINE='sphinx': choose one of mkdocs, properdocs" in result.output
    assert not (tmp_path / "site").exists()
