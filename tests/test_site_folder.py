"""The site folder is never lost and nothing else is ever deleted; one build at a time; Ctrl+C
and read-only folders end cleanly.

Most cases call scripts/docs.py's `build` in-process on a small made-up project, with the engine
replaced by a stand-in that writes a tiny site; two real builds check what only a real one shows.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import docs
from conftest import ROOT, SOURCE_DATE_EPOCH, TEST_SITE_URL, build, copy_sources, without_making_brochures
from sitegen import brochure_cache, files, pdf
from sitegen.generate import write_generated
from sitegen.plugin import SitePlugin
from sitegen.project import Project
from sitegen.site_folder import SITE_MARKER, BuildLock

OLD_SITE = {"index.html": "old home", "sitemap.xml": "<urlset/>", "i18n-status.txt": "old report",
            "fr/index.html": "ancienne page"}


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) with its content; symbolic links not followed."""
    return {(Path(parent) / name).relative_to(folder).as_posix(): (Path(parent) / name).read_bytes()
            for parent, _, names in os.walk(folder) for name in names if not (Path(parent) / name).is_symlink()}


def _write(folder: Path, contents: dict[str, str]) -> Path:
    for name, text in contents.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A made-up checkout that docs.py builds, with a stand-in engine that writes a tiny site
    (and records whether the build lock was held meanwhile); the working folder is its root."""
    root = tmp_path / "checkout"
    _write(root, {"docs/index.nl.md": "# Home\n", "data/ui.yml": "x: 1\n", "overrides/main.html": "",
                  "scripts/docs.py": "", "tests/test_x.py": "", "benchmarks/run.py": "", ".git/HEAD": "ref\n",
                  ".cache/templates/kept": "compiled"})
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.setattr(docs, "PROJECT", Project.at(root))
    monkeypatch.setattr(docs, "translation_status", lambda project: None)
    monkeypatch.setattr(docs, "format_report", lambda status: "report\n")
    monkeypatch.setattr(docs, "run_mkdocs", _stand_in_engine(root))
    monkeypatch.chdir(root)
    return root


def _stand_in_engine(root: Path, returncode: int = 0):
    def run_mkdocs(*args: str) -> int:
        run_mkdocs.lock_held = _locked(root)
        _write(Path(args[args.index("--site-dir") + 1]), {"index.html": "new home", "sitemap.xml": "<urlset/>"})
        return returncode

    run_mkdocs.lock_held = None
    return run_mkdocs


def _locked(root: Path) -> bool:
    descriptor = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)


def _scratch_folders(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.startswith(".site-")]


@pytest.mark.parametrize("site_dir", [".", "docs", "data", "overrides", "scripts", "tests", "benchmarks", ".git",
                                      ".cache", "..", "/", "docs/new-site", "docs-link", "top-link"])
def test_the_project_and_its_own_folders_are_never_a_site_folder(project, capsys, site_dir):
    (project / "docs-link").symlink_to(project / "docs")
    (project / "top-link").symlink_to(project.parent)
    before = _tree(project.parent)
    assert docs.build(Path(site_dir)) == 1
    message = capsys.readouterr().err
    assert f"--site-dir {site_dir}: refusing {(project / site_dir).resolve()}" in message
    assert "Traceback" not in message
    assert _tree(project.parent) == before, "nothing may be written or deleted"
    assert docs.run_mkdocs.lock_held is None, "nothing is built"


def test_a_folder_this_build_did_not_make_is_refused(project, capsys):
    photos = _write(project.parent / "photos", {"holiday.jpg": "precious"})
    assert docs.build(photos) == 1
    message = capsys.readouterr().err
    assert f"refusing {photos}: it is not empty and not a site this build made (it has no {SITE_MARKER} file)" \
        in message
    assert _tree(photos) == {"holiday.jpg": b"precious"}
    assert not _scratch_folders(project.parent)


def test_a_file_is_refused_as_site_folder(project, capsys):
    notes = _write(project.parent, {"notes.txt": "keep"}) / "notes.txt"
    assert docs.build(notes) == 1
    assert f"refusing {notes}: it is a file, not a folder" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("before", ["missing", "empty", "marked", "old build without marker"])
def test_a_missing_or_empty_folder_or_a_site_this_build_made_is_replaced_whole(project, before):
    site = project / "site"
    if before != "missing":
        site.mkdir()
    if before == "marked":
        _write(site, {SITE_MARKER: "made by this build", "stale.html": "gone after the build"})
    if before == "old build without marker":
        _write(site, OLD_SITE)
    assert docs.build(Path("site")) == 0
    assert docs.run_mkdocs.lock_held, "the engine runs while the build holds the project's lock"
    assert set(_tree(site)) == {"index.html", "sitemap.xml", SITE_MARKER}
    assert (site / "index.html").read_text(encoding="utf-8") == "new home"
    assert "refuses to replace a folder without this file" in (site / SITE_MARKER).read_text(encoding="utf-8")
    assert not _scratch_folders(project)
    assert not _locked(project), "the lock is released"


def _old_site(project: Path) -> tuple[Path, dict[str, bytes]]:
    site = _write(project / "site", {**OLD_SITE, SITE_MARKER: "made by this build"})
    return site, _tree(site)


def test_a_failed_build_leaves_the_site_as_it_was(project, monkeypatch, capsys):
    site, before = _old_site(project)
    monkeypatch.setattr(docs, "run_mkdocs", _stand_in_engine(project, returncode=1))
    assert docs.build(site) == 1
    assert f"Build failed: {site} was left unchanged." in capsys.readouterr().err
    assert _tree(site) == before
    assert not _scratch_folders(project)


def _failing_rename(monkeypatch, fails):
    """Path.rename raising PermissionError when `fails(source, target)`, renaming otherwise."""
    rename = Path.rename

    def guarded(source, target):
        if fails(Path(source), Path(target)):
            raise PermissionError(13, "Permission denied")
        return rename(source, target)

    monkeypatch.setattr(Path, "rename", guarded)


def test_when_the_new_site_cannot_take_the_old_ones_place_the_old_one_is_put_back(project, monkeypatch, capsys):
    site, before = _old_site(project)
    _failing_rename(monkeypatch, lambda source, target: source.name == "site" and target == site)
    assert docs.build(site) == 1
    message = capsys.readouterr().err
    assert f"cannot replace {site}: Permission denied; it was left unchanged" in message
    assert "Traceback" not in message
    assert _tree(site) == before
    assert not _scratch_folders(project), "the new site is cleaned up"


def test_a_site_folder_that_cannot_be_moved_is_left_as_it_was(project, monkeypatch, capsys):
    site, before = _old_site(project)
    _failing_rename(monkeypatch, lambda source, target: source == site)
    assert docs.build(site) == 1
    assert f"cannot replace {site}: Permission denied; it was left unchanged" in capsys.readouterr().err
    assert _tree(site) == before
    assert not _scratch_folders(project)


def test_when_the_old_site_cannot_be_put_back_either_it_is_kept_and_named(project, monkeypatch, capsys):
    site, before = _old_site(project)
    _failing_rename(monkeypatch, lambda source, target: target == site)
    assert docs.build(site) == 1
    message = capsys.readouterr().err
    (scratch,) = _scratch_folders(project)
    previous = project / scratch / "previous"
    assert f"cannot replace {site}: Permission denied; nor put the previous site back: it is in {previous}" \
        in message
    assert _tree(previous) == before, "the only copy of the old site is never deleted"


def test_a_site_folder_that_cannot_be_created_gives_one_message(project, capsys):
    blocked = _write(project.parent, {"a-file": "not a folder"}) / "a-file" / "site"
    assert docs.build(blocked) == 1
    message = capsys.readouterr().err
    assert f"cannot write beside {blocked}, in {blocked.parent}:" in message and "Traceback" not in message


def test_an_interrupted_build_leaves_the_site_as_it_was(project, monkeypatch, capsys):
    site, before = _old_site(project)

    def interrupted(*args: str) -> int:
        _write(Path(args[args.index("--site-dir") + 1]), {"index.html": "half a site"})
        raise KeyboardInterrupt

    monkeypatch.setattr(docs, "run_mkdocs", interrupted)
    assert docs.build(site) == 130
    assert f"Build interrupted: {site} was left unchanged." in capsys.readouterr().err
    assert _tree(site) == before
    assert not _scratch_folders(project)


def test_a_second_build_in_the_same_folder_waits_for_the_first(tmp_path):
    waiting = ("import sys; from pathlib import Path; from sitegen.site_folder import BuildLock\n"
               "with BuildLock(Path(sys.argv[1]), say=lambda message: print(message, flush=True)):\n"
               "    print('building', flush=True)\n")
    with BuildLock(tmp_path, say=print):
        second = subprocess.Popen([sys.executable, "-c", waiting, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        assert second.stdout.readline() == f"another build is running in this folder ({tmp_path}); waiting…\n"
        time.sleep(0.5)
        assert second.poll() is None, "the second build waits while the first holds the lock"
    assert second.communicate(timeout=20)[0] == "building\n"
    assert second.returncode == 0


@pytest.mark.parametrize("command", ["serve", "build"])
def test_a_preview_rebuild_holds_the_lock_until_it_ends(tmp_path, monkeypatch, command):
    """`docs.py build` holds the lock around the engine; `make serve` rebuilds take it themselves."""
    plugin = SitePlugin()
    plugin.load_config({})
    plugin.on_startup(command=command, dirty=False)
    plugin.project = Project(tmp_path, ("nl",))
    first_pass = SimpleNamespace(plugins={"i18n": SimpleNamespace(building=False)})
    held = []

    def check_pages():
        held.append(_locked(tmp_path))
        raise PluginError("docs/faq.fr.md: missing translation")

    monkeypatch.setattr(plugin, "_check_pages", check_pages)
    with pytest.raises(PluginError):
        plugin.on_pre_build(first_pass)
    assert held == [command == "serve"]
    plugin.on_build_error(error=PluginError("docs/faq.fr.md: missing translation"))
    assert not _locked(tmp_path), "a failed rebuild releases the lock"


def test_temporary_files_are_named_per_process_and_never_left_behind(tmp_path, monkeypatch):
    renamed = []
    replace = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: renamed.append(Path(source)) or replace(source, target))
    write_generated(tmp_path / "models", {"page.nl.md": "text"})
    brochure_cache.write_sources_index(tmp_path, {"sources": "brochure.pdf"})
    pdf.write_pdf("<p>Hallo</p>", tmp_path.as_uri() + "/", tmp_path / "brochure.pdf", tmp_path)
    assert [path.name for path in renamed] == [
        f".{name}.{os.getpid()}.partial" for name in ("page.nl.md", "sources.json", "brochure.pdf")]
    other_process = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from sitegen.files import partial_path; "
                               "print(partial_path(Path(sys.argv[1])))", str(tmp_path / "page.nl.md")],
        capture_output=True, text=True, check=True).stdout.strip()
    assert Path(other_process) != files.partial_path(tmp_path / "page.nl.md")

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomically(tmp_path / "sources.json", b"new")
    assert json.loads((tmp_path / "sources.json").read_text(encoding="utf-8")) == {"sources": "brochure.pdf"}
    assert not list(tmp_path.rglob("*.partial"))


def test_brochures_are_made_in_a_temporary_folder_when_the_cache_cannot_be_written(tmp_path, monkeypatch, caplog):
    root = _write(tmp_path / "checkout", {".cache": "a file, not a folder"})
    plugin = SitePlugin()
    plugin.load_config({})
    plugin.project, plugin.data, plugin.today = Project(root, ("nl",)), None, None
    plugin.cache, plugin.site_url = root / ".cache", "https://example.org/"
    used = []

    def made_in(project, data, site_url, today, workers, cache):
        used.append(cache)
        (cache / "brochure.nl.pdf").write_bytes(b"%PDF")
        return []

    monkeypatch.setattr("sitegen.plugin.build_brochures", made_in)
    with caplog.at_level("INFO"):
        plugin._make_brochures()
    assert f"Brochures: {root / '.cache' / 'brochures'} cannot be written" in caplog.text
    (cache,) = used
    assert root not in cache.parents and not cache.exists(), "a temporary folder, removed after the build"
    assert (root / ".cache").read_text(encoding="utf-8") == "a file, not a folder"


# -- real builds ---------------------------------------------------------------------------------

def test_a_real_build_with_a_cache_that_is_a_file_replaces_a_site_of_an_older_build(tmp_path):
    """A `.cache` that cannot hold anything only makes the build slower. Brochures are kept as
    made (their temporary folder is checked above): this build is about everything else."""
    project = copy_sources(tmp_path / "project")
    without_making_brochures(project)
    shutil.rmtree(project / ".cache")
    (project / ".cache").write_text("not a folder", encoding="utf-8")
    site = _write(project / "site", OLD_SITE)
    result = build(project, site)
    assert result.returncode == 0, result.output[-3000:]
    assert (project / ".cache").read_text(encoding="utf-8") == "not a folder"
    assert "ancienne page" not in (site / "fr" / "index.html").read_text(encoding="utf-8")
    hidden = sorted(path.relative_to(site).as_posix() for path in site.rglob(".*"))
    assert hidden == [SITE_MARKER], "no other dotfile that a server would publish"
    assert SITE_MARKER not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not _scratch_folders(project)


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process, from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        found[int(stat.parent.name)] = (int(fields[1]), fields[0])
    return found


def _descendants(pid: int) -> set[int]:
    processes, found, parents = _processes(), set(), {pid}
    while parents:
        parents = {child for child, (parent, _) in processes.items() if parent in parents} - found
        found |= parents
    return found


def _running(pids: set[int]) -> set[int]:
    processes = _processes()
    return {pid for pid in pids if pid in processes and processes[pid][1] != "Z"}


def test_ctrl_c_while_pdfs_are_made_leaves_no_worker_and_no_partial_file(tmp_path):
    project = copy_sources(tmp_path / "project")
    shutil.rmtree(project / ".cache" / "brochures", ignore_errors=True)  # every PDF has to be made
    site, before = _old_site(project)
    environment = {**os.environ, "SITE_URL": TEST_SITE_URL, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    # A session of its own, like a terminal's: Ctrl+C goes to the whole foreground process group.
    building = subprocess.Popen([sys.executable, str(project / "scripts" / "docs.py"), "build"], cwd=project,
                                env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
    seen: set[int] = set()
    deadline = time.monotonic() + 600
    while len(seen) < 3 and building.poll() is None and time.monotonic() < deadline:  # the engine and 2 workers
        seen |= _descendants(building.pid)
        time.sleep(0.2)
    assert len(seen) >= 3, f"no PDF workers appeared:\n{building.communicate()[0][-3000:]}"
    time.sleep(1)  # the workers are writing PDFs
    seen |= _descendants(building.pid)
    os.killpg(building.pid, signal.SIGINT)
    interrupted = time.monotonic()
    output = building.communicate(timeout=docs.STOP_SECONDS + 5)[0]
    assert time.monotonic() - interrupted < docs.STOP_SECONDS, "the engine did not stop its workers: it was killed"
    assert building.returncode == 130, output[-3000:]
    assert "Build interrupted: " in output and "Traceback" not in output, output[-3000:]
    stopped_by = time.monotonic() + 5
    while _running(seen) and time.monotonic() < stopped_by:
        time.sleep(0.1)
    assert not _running(seen), "a process of the build is still running"
    assert not list(project.rglob("*.partial")), "a partial file was left behind"
    assert _tree(site) == before
    assert not _scratch_folders(project)
