"""The browser editor (`make edit`): its configuration follows the project, it is never published,
and a change made through it lands on disk and in the rebuilt site."""

from __future__ import annotations

import html
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import LANGUAGES, ROOT, build, page_path, without_making_brochures
from sitegen.data import DATA_FILES
from sitegen.editor_config import SchemaRecorder, editor_config, mapping_fields
from sitegen.project import Project

BACKEND_URL = "http://127.0.0.1:9/api/v1"
EDITOR_FILES = {"decap-cms.js", "settings.js", "editor.js", "editor.css", "accessible-names.js", "config.json"}


def content_copy(destination: Path) -> Path:
    """What the editor reads: mkdocs.yml, docs/ (without generated pages) and data/."""
    shutil.copytree(ROOT / "docs", destination / "docs", ignore=shutil.ignore_patterns("models"))
    shutil.copytree(ROOT / "data", destination / "data")
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


def field(fields: list[dict], name: str) -> dict:
    return next(item for item in fields if item["name"] == name)


def data_file(config: dict, filename: str) -> dict:
    files = next(collection for collection in config["collections"] if collection["name"] == "data")["files"]
    return next(item for item in files if item["file"] == f"data/{filename}")


def add_language(node, new: str, like: str):
    """Every text per language in `node` gets a text in `new` (a copy of its `like` text)."""
    if isinstance(node, dict):
        if like in node and set(node) <= set(LANGUAGES):
            node[new] = node[like]
        for value in node.values():
            add_language(value, new, like)
    elif isinstance(node, list):
        for value in node:
            add_language(value, new, like)


def test_the_configuration_follows_the_project_languages_and_data(tmp_path):
    """A fourth language in mkdocs.yml (with its texts in data/) reaches the pages and every text
    field of the data forms, with no edit of the editor."""
    project = content_copy(tmp_path)
    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("  # Ours, after i18n", "        - locale: de\n          name: Deutsch\n"
                                        "          build: true\n  # Ours, after i18n", 1), encoding="utf-8")
    for filename in DATA_FILES.values():
        path = project / "data" / filename
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        add_language(content, "de", "en")
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")

    config = editor_config(Project.at(project), BACKEND_URL)

    languages = [*LANGUAGES, "de"]
    assert config["i18n"] == {"structure": "multiple_files", "locales": languages, "default_locale": "nl"}
    pages = next(collection for collection in config["collections"] if collection["name"] == "pages")
    assert pages["folder"] == "docs" and pages["i18n"] is True
    assert field(pages["fields"], "body")["i18n"] is True
    figures = field(data_file(config, "key-figures.yml")["fields"], "figures")
    assert [item["name"] for item in field(figures["fields"], "label")["fields"]] == languages
    status = data_file(config, "status.yml")["fields"]
    assert [item["name"] for item in field(status, "text")["fields"]] == languages


def test_the_data_forms_follow_the_validation_rules():
    """Each data file the build reads has a form; its fields are those the validator checks, with
    the kinds of value it accepts (a whole number, a source id, a text per language)."""
    config = editor_config(Project.at(ROOT), BACKEND_URL)
    data = next(collection for collection in config["collections"] if collection["name"] == "data")
    assert sorted(item["file"] for item in data["files"]) == sorted(f"data/{name}" for name in DATA_FILES.values())

    figures = field(data_file(config, "key-figures.yml")["fields"], "figures")
    assert field(figures["fields"], "value")["widget"] == "number"
    sources = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    source = field(figures["fields"], "source")
    assert source["widget"] == "select" and source["options"] == sorted(sources)
    assert field(figures["fields"], "highlight")["required"] is False  # optional for the validator
    assert field(figures["fields"], "id")["widget"] == "string"
    rows = field(data_file(config, "key-figures.yml")["fields"], "by_year")
    assert all(item["required"] is False for item in field(rows["fields"], "note")["fields"])


def test_a_field_the_validator_learns_reaches_the_form():
    """A new key, known to the validator but in no data file yet, is in the form (optional)."""
    check = SchemaRecorder("data/example.yml", ["nl", "fr"])
    node = {"things": [{"id": "a", "name": {"nl": "een", "fr": "un"}, "count": 3}]}
    for thing in check.sequence(node["things"], "things"):
        check.mapping(thing, "things[a]", ("id", "name"), ("count", "starts"))
        check.text(thing["name"], "things[a].name")
    assert not check.problems

    things = field(mapping_fields(node, "", check), "things")
    assert [item["name"] for item in things["fields"]] == ["id", "name", "count", "starts"]
    assert [item["name"] for item in field(things["fields"], "name")["fields"]] == ["nl", "fr"]
    assert field(things["fields"], "count")["widget"] == "number"
    assert field(things["fields"], "starts")["required"] is False


def test_the_editor_is_never_published(site):
    """Nothing of editor/ in the built site: not its files, not Decap CMS."""
    names = {path.name for path in site.rglob("*")}
    assert not names & EDITOR_FILES
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".css", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "decap" not in text.lower() and "CMS_MANUAL_INIT" not in text, path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> set[int]:
    """The processes started by `pid`, and theirs."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_make_edit(project: Path, port: int, backend_port: int) -> subprocess.Popen:
    """`make edit` as an editor runs it, on the copy; returns once it says where it is."""
    process = subprocess.Popen(
        ["make", "-s", "edit", f"EDIT_PORT={port}", f"EDIT_BACKEND_PORT={backend_port}", f"EDIT_PROJECT={project}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        output.append(line)
        if line.startswith("Editor: ") or not line:
            break
    assert output[-1].startswith(f"Editor: http://127.0.0.1:{port}/"), "".join(output)
    return process


def edit_in_browser(browser, base: str, faq_old: str, faq_new: str, figure_id: str, value: int) -> list[str]:
    """Log in to the local backend, change the French FAQ text and a figure, publish both.
    Returns the addresses of requests that tried to leave 127.0.0.1 (they are blocked)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = []

    def only_local(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    try:
        page.goto(base)
        page.get_by_role("button", name="Login").click()

        page.goto(f"{base}#/collections/pages/entries/faq")
        french = page.get_by_label("Text (Markdown)").nth(LANGUAGES.index("fr"))
        french.wait_for()
        assert faq_old in french.input_value()
        french.fill(french.input_value().replace(faq_old, faq_new, 1))
        publish(page)

        page.goto(f"{base}#/collections/data")
        page.get_by_text("key-figures.yml", exact=True).click()
        page.get_by_role("button", name=f"Open or close {figure_id}", exact=True).click()
        page.get_by_label("Value", exact=True).filter(visible=True).fill(str(value))
        publish(page)
    finally:
        context.close()
    return outside


# The controls an editor uses; any of them outside the screen's width is out of reach.
OUT_OF_WIDTH = """() => [...document.querySelectorAll(
    'input, textarea, select, button, label, [role=button], [role=switch], [role=menuitem]')]
  .map((element) => [element, element.getBoundingClientRect()])
  .filter(([, box]) => box.width > 0 && (box.left < 0 || box.right > document.documentElement.clientWidth))
  .map(([element]) => element.outerHTML.slice(0, 120))"""


def narrow_screen_problems(page) -> dict[str, list[str]]:
    """What is out of reach on this screen, and the buttons a screen reader announces without a name."""
    return {"sideways scroll": [] if page.evaluate("document.documentElement.scrollWidth") <= 360 else ["page"],
            "out of width": page.evaluate(OUT_OF_WIDTH),
            "no name": page.get_by_role("button", name=re.compile(r"^$")).evaluate_all(
                "buttons => buttons.map((button) => button.outerHTML.slice(0, 120))")}


def check_narrow_screen(browser, base: str, figure_id: str) -> None:
    """At 360 px (a phone), a page and a data file can be edited without scrolling sideways, and
    every button has a name (Decap leaves its list items' icon buttons without one)."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(base)
        page.get_by_role("button", name="Login").click()
        page.goto(f"{base}#/collections/pages/entries/faq")
        page.get_by_label("Text (Markdown)").nth(LANGUAGES.index("fr")).wait_for()
        screens = {"faq": narrow_screen_problems(page)}
        page.goto(f"{base}#/collections/data")
        page.get_by_text("key-figures.yml", exact=True).click()
        opener = page.get_by_role("button", name=f"Open or close {figure_id}", exact=True)
        assert opener.get_attribute("aria-expanded") == "false"
        opener.click()
        page.get_by_label("Value", exact=True).filter(visible=True).wait_for()
        assert opener.get_attribute("aria-expanded") == "true"
        assert page.get_by_role("button", name=f"Remove {figure_id}", exact=True).is_visible()
        screens["key-figures.yml"] = narrow_screen_problems(page)
    finally:
        context.close()
    fine = {"sideways scroll": [], "out of width": [], "no name": []}
    assert screens == {"faq": fine, "key-figures.yml": fine}


def publish(page) -> None:
    """Publish, and wait for this save's own notice (the one of a previous save may still show)."""
    saved = page.get_by_text("Entry saved")
    saved.evaluate_all("notices => notices.forEach((notice) => { notice.dataset.seen = ''; })")
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("menuitem", name="Publish now").click()
    saved.and_(page.locator(":not([data-seen])")).wait_for()


def plain(text: str) -> str:
    """A text as data writes it: the site's typography adds narrow spaces and curly apostrophes."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", html.unescape(re.sub("<[^>]+>", "", text))).replace("\u2019", "'")


def figure_rows(page_html: str) -> dict[str, str]:
    """Label -> value as shown in the key-figures table."""
    rows = re.findall(r'<td class="figure-value">(.*?)</td><th scope="row">(.*?)</th>', page_html, re.DOTALL)
    return {plain(label): plain(value) for value, label in rows}


def test_an_edit_in_the_browser_reaches_the_files_and_the_rebuilt_site(browser, project_copy, site, tmp_path):
    faq_path = project_copy / "docs" / "faq.fr.md"
    untouched = {path: path.read_bytes() for path in project_copy.glob("docs/faq.*.md") if path != faq_path}
    faq_old = next(line for line in faq_path.read_text(encoding="utf-8").split("\n\n")[1:]
                   if line and not line.startswith(("#", "---", "title:")))
    added = "phrase modifiée en ligne"
    faq_new = f"{faq_old.rstrip('.')} ({added})."
    figures_path = project_copy / "data" / "key-figures.yml"
    figures_before = figures_path.read_text(encoding="utf-8").splitlines()
    figures = yaml.safe_load("\n".join(figures_before))["figures"]
    figure = next(item for item in figures if item["unit"] == "euro")
    value = figure["value"] + 7

    port, backend_port = free_port(), free_port()
    started = time.monotonic()
    make = start_make_edit(project_copy, port, backend_port)
    processes = descendants(make.pid)
    try:
        base = f"http://127.0.0.1:{port}/"
        for outside_editor in ("../mkdocs.yml", "node_modules/decap-cms/package.json", "site/index.html"):
            with pytest.raises(urllib.error.HTTPError, match="404"):
                urllib.request.urlopen(base + outside_editor)
        outside = edit_in_browser(browser, base, faq_old, faq_new, figure["id"], value)
        narrow = time.monotonic()
        check_narrow_screen(browser, base, figure["id"])
        narrow = time.monotonic() - narrow
    finally:
        make.send_signal(signal.SIGTERM)  # stopped by its id, as a terminal or a script would
        make.wait(timeout=15)
    edited = time.monotonic() - started

    assert outside == []
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in processes if alive(pid)], "make edit left a process running"
    for listened in (port, backend_port):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", listened)) != 0

    assert faq_new in faq_path.read_text(encoding="utf-8")
    assert {path: path.read_bytes() for path in untouched} == untouched  # other languages unchanged
    saved = yaml.safe_load(figures_path.read_text(encoding="utf-8"))
    assert next(item for item in saved["figures"] if item["id"] == figure["id"])["value"] == value
    # Only the changed line differs: comments, blank lines and one-line rows are kept.
    changed = [(old, new) for old, new in zip(figures_before, figures_path.read_text(encoding="utf-8").splitlines(),
                                              strict=True) if old != new]
    assert [new.strip() for _, new in changed] == [f"value: {value}"]

    without_making_brochures(project_copy)
    result = build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert f"({added})" in page_path(result.site, "fr", "faq").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        label = plain(figure["label"][lang])
        before = figure_rows(page_path(site, lang, "models/key-figures").read_text(encoding="utf-8"))[label]
        after = figure_rows(page_path(result.site, lang, "models/key-figures").read_text(encoding="utf-8"))[label]
        assert re.sub(r"\D", "", before) == str(figure["value"])
        assert re.sub(r"\D", "", after) == str(value)
    print(f"editor session: {edited:.1f} s, of which at 360 px: {narrow:.1f} s")
