"""The readiness checklist of issue 17: per route, what a partner must be ready for, from
data/readiness.yml in every language; ticks kept in the browser, cleared, printed; a plain list
without JavaScript. Items, texts and links are read from data/, never copied here."""

from __future__ import annotations

import posixpath
import re
import shutil
from html import unescape

import pytest
import yaml

from conftest import LANGUAGES, ROOT, page_path
from sitegen.data import DataError, load_site_data

DATA = load_site_data(ROOT / "data", LANGUAGES)
CHECKLIST = "models/readiness-checklist"
ITEM = re.compile(r'<li><input type="checkbox" id="ready-([a-z-]+?)-([a-z-]+)" value="\2" data-readiness-item> '
                  r'<label for="ready-\1-\2">(.*?)</label>(.*?)</li>', re.DOTALL)


def address(lang: str) -> str:
    return ("" if lang == LANGUAGES[0] else f"{lang}/") + CHECKLIST + "/"


def lists_on_page(html: str) -> dict[str, str]:
    """Each route's list as HTML, by the route named in its storage key."""
    return dict(re.findall(r'data-storage-key="readiness-checklist:([a-z-]+):[a-z]+">(.*?)</div>', html, re.DOTALL))


def lang_dir(lang: str) -> str:
    return "." if lang == LANGUAGES[0] else lang


def data_link(link: str) -> str:
    """A link of data/readiness.yml (page.md#anchor) as the built site writes it (page/#anchor)."""
    page, _, anchor = link.partition("#")
    page = page.removesuffix(".md").removesuffix("index")
    return page.rstrip("/") + "/" + (f"#{anchor}" if anchor else "")


def built_target(site, page_dir: str, href: str) -> tuple[str, str]:
    target, _, anchor = href.partition("#")
    return posixpath.normpath(posixpath.join(page_dir, target)), anchor


def resolves(site, page_dir: str, href: str) -> bool:
    """The link leads to a built page, and to an element with its anchor when it has one."""
    target, _, anchor = href.partition("#")
    path = site / posixpath.normpath(posixpath.join(page_dir, target)) / "index.html"
    return path.is_file() and (not anchor or f'id="{anchor}"' in path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_route_lists_its_items_from_data_with_who_acts_and_a_link_that_resolves(site, lang):
    html = page_path(site, lang, CHECKLIST).read_text(encoding="utf-8")
    lists = lists_on_page(html)
    routes = DATA.readiness["routes"]
    assert sorted(lists) == sorted(route["id"] for route in DATA.routes)
    page_dir = posixpath.join(lang_dir(lang), CHECKLIST)
    for route, items in routes.items():
        found = ITEM.findall(lists[route])
        assert [(item_route, item_id) for item_route, item_id, _, _ in found] == [(route, item["id"]) for item in items]
        for (_, _, label, rest), item in zip(found, items):
            assert unescape(label) == item["text"][lang]
            for actor in item["who"]:
                assert unescape(DATA.partner_path["actors"][actor][lang]) in unescape(rest)
            href = re.search(r'<a href="([^"]+)"', rest)[1]
            assert built_target(site, page_dir, href) == built_target(site, lang_dir(lang), data_link(item["link"])), (href, item)
            assert resolves(site, page_dir, href), href


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_become_a_partner_page_links_to_the_checklist(site, lang):
    html = page_path(site, lang, "become-a-partner").read_text(encoding="utf-8")
    assert 'href="../models/readiness-checklist/"' in html


def _ticked(page) -> list[str]:
    return page.eval_on_selector_all("[data-readiness-item]:checked", "boxes => boxes.map(box => box.id)")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ticks_stay_after_a_reload_per_route_and_language_and_clear_empties_one_list(visit, lang):
    page = visit(address(lang), locale=f"{lang}-BE").page
    first, second = (f"ready-{route['id']}-{DATA.readiness['routes'][route['id']][0]['id']}" for route in DATA.routes)
    last_item = DATA.readiness["routes"][DATA.routes[0]["id"]][-1]["id"]
    last = f"ready-{DATA.routes[0]['id']}-{last_item}"
    page.check(f"#{first}")               # by pointer
    page.focus(f"#{last}")                # and by keyboard
    page.keyboard.press("Space")
    page.click(f"label[for={second}]")    # the label ticks its box
    assert sorted(_ticked(page)) == sorted([first, last, second])
    page.reload(wait_until="networkidle")
    assert sorted(_ticked(page)) == sorted([first, last, second])
    keys = page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('readiness-checklist:'))")
    assert sorted(keys) == sorted(f"readiness-checklist:{route['id']}:{lang}" for route in DATA.routes)
    # Clearing the first route's list leaves the other one as it was, also after a reload.
    clear = page.locator(f"[data-storage-key='readiness-checklist:{DATA.routes[0]['id']}:{lang}'] [data-readiness-clear]")
    clear.focus()
    page.keyboard.press("Enter")
    assert _ticked(page) == [second]
    page.reload(wait_until="networkidle")
    assert _ticked(page) == [second]
    # Another language keeps its own ticks.
    other = next(code for code in LANGUAGES if code != lang)
    other_page = visit(address(other), locale=f"{other}-BE").page
    assert _ticked(other_page) == []


def test_print_shows_the_list_with_its_ticks_and_without_the_buttons(visit):
    page = visit(address("fr"), locale="fr-BE").page
    box = f"ready-{DATA.routes[1]['id']}-{DATA.readiness['routes'][DATA.routes[1]['id']][1]['id']}"
    page.check(f"#{box}")
    page.emulate_media(media="print")
    boxes = page.locator("[data-readiness-item]")
    count = sum(len(items) for items in DATA.readiness["routes"].values())
    assert boxes.count() == count
    assert all(boxes.nth(index).is_visible() for index in range(count))
    assert _ticked(page) == [box]
    assert not page.locator("[data-readiness-clear]").first.is_visible()
    assert page.evaluate("matchMedia('print').matches")


def test_without_javascript_the_list_is_there_with_empty_boxes(visit):
    page = visit(address("nl"), javascript=False).page
    boxes = page.locator("[data-readiness-item]")
    assert boxes.count() == sum(len(items) for items in DATA.readiness["routes"].values())
    assert boxes.first.is_visible() and _ticked(page) == []
    assert not page.locator("[data-readiness-clear]").first.is_visible()


def test_a_wrong_item_is_named_by_file_key_and_language(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "readiness.yml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    route, second = next(iter(content["routes"].items())), list(content["routes"])[1]
    item = route[1][0]
    del item["text"]["fr"]
    item["who"] = ["nobody"]
    item["link"] = "https://example.org/page"
    del content["routes"][second]
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_site_data(data, LANGUAGES)
    problems = {(problem.file, problem.path, problem.language) for problem in raised.value.problems}
    where = f"routes.{route[0]}[{item['id']}]"
    assert {("data/readiness.yml", f"{where}.text.fr", "fr"), ("data/readiness.yml", f"{where}.who[0]", ""),
            ("data/readiness.yml", f"{where}.link", ""), ("data/readiness.yml", f"routes.{second}", "")} <= problems
