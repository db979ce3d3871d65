"""The partner tools of issue 17: what Fedasil pays (calculator, table of every case, budget
sheet) and the route guide without a dead end. Amounts are read from data/, never copied here."""

from __future__ import annotations

import itertools
import re
from html import unescape
from urllib.parse import unquote

import pytest
import yaml

from conftest import LANGUAGES, ROOT, build, page_path, serving, without_making_brochures
from sitegen.data import load_site_data

DATA = load_site_data(ROOT / "data", LANGUAGES)
# How each language writes an amount in euro (issue 17): € 15.500, 15 500 €, €15,500.
EURO = {
    "nl": lambda value: "€ " + f"{value:,}".replace(",", "."),
    "fr": lambda value: f"{value:,}".replace(",", "\u00a0") + " €",
    "en": lambda value: f"€{value:,}",
}
CALCULATOR = "models/support-calculator"


def amounts(data=DATA) -> dict[str, int]:
    return {key: data.figures[f"partnership-{key}"]["value"]
            for key in ("flat-rate", "extra-year", "direct-head", "direct-member")}


def expected_total(people: int, direct: bool, extra_year: bool, amount: dict[str, int]) -> int:
    """The rule of facts.md §8: a flat amount per person, the extra year per person, and on
    direct reception an extra for the head of household and for each other member."""
    total = people * amount["flat-rate"]
    if extra_year:
        total += people * amount["extra-year"]
    if direct:
        total += amount["direct-head"] + (people - 1) * amount["direct-member"]
    return total


def table_cells(html: str) -> dict[tuple[int, bool, bool], str]:
    cells = re.findall(r'<td data-people="(\d+)" data-direct="(true|false)" data-extra-year="(true|false)">([^<]*)</td>', html)
    return {(int(people), direct == "true", extra == "true"): unescape(text) for people, direct, extra, text in cells}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_table_without_javascript_has_every_case_for_1_to_8_people(site, lang):
    html = page_path(site, lang, CALCULATOR).read_text(encoding="utf-8")
    cells = table_cells(html)
    cases = list(itertools.product(range(1, 9), (False, True), (False, True)))
    assert sorted(cells) == sorted(cases)
    for people, direct, extra_year in cases:
        assert cells[people, direct, extra_year] == EURO[lang](expected_total(people, direct, extra_year, amounts()))
    # The same validity caveat as everywhere else: the amounts come from an undated page.
    assert DATA.ui["calculator_caveat"][lang].split(".")[0].replace("'", "&#39;") in html


def _calculate(page, people: int, direct: bool, extra_year: bool) -> tuple[list[str], str]:
    page.fill("#calculator-people", str(people))
    page.check("#calculator-direct" if direct else "#calculator-after-stay")
    page.check("#calculator-extra-year" if extra_year else "#calculator-one-year")
    lines = page.eval_on_selector_all("[data-calculator-lines] td", "cells => cells.map(cell => cell.textContent)")
    return lines, page.inner_text("[data-calculator-total]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_calculator_and_the_budget_sheet_add_up_in_every_language(visit, lang):
    prefix = "" if lang == "nl" else f"{lang}/"
    page = visit(prefix + CALCULATOR + "/", locale=f"{lang}-BE").page
    euro, amount = EURO[lang], amounts()
    assert page.get_attribute(".support-calculator__result", "aria-live") == "polite"
    for people, direct, extra_year in [(4, True, False), (4, True, True), (1, False, False), (7, False, True), (2, True, True)]:
        lines, total = _calculate(page, people, direct, extra_year)
        wanted = expected_total(people, direct, extra_year, amount)
        assert total == euro(wanted), (people, direct, extra_year)
        # each amount on its own line, and the lines add up to the total
        assert len(lines) == 1 + extra_year + (direct and 1 + (people > 1))
        assert sum(int(re.sub(r"\D", "", line)) for line in lines) == wanted
    for field, value in (("rent", "6000"), ("deposit", "1500"), ("staff", "2500")):
        page.fill(f"#budget-{field}", value)
    support = expected_total(2, True, True, amount)
    assert page.inner_text("[data-budget-costs]") == euro(10000)
    assert page.inner_text("[data-budget-support]") == euro(support)
    assert page.inner_text("[data-budget-difference]").replace("-", "") == euro(abs(support - 10000))


def test_without_javascript_the_calculator_page_is_the_table_and_a_sheet_to_fill_in(visit):
    page = visit(CALCULATOR + "/", javascript=False).page
    assert not page.is_visible("[data-support-calculator]")
    assert page.is_visible(".support-table") and page.is_visible("#budget-rent")


def test_a_changed_amount_changes_the_page_the_table_and_the_calculator(project_copy, browser):
    path = project_copy / "data" / "key-figures.yml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    flat = next(figure for figure in content["figures"] if figure["id"] == "partnership-flat-rate")
    flat["value"] += 1250
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    without_making_brochures(project_copy)  # the brochures are not what this test is about
    result = build(project_copy, project_copy / "site")
    assert result.returncode == 0, result.output
    changed = {**amounts(), "flat-rate": flat["value"]}
    for lang in LANGUAGES:
        html = page_path(result.site, lang, CALCULATOR).read_text(encoding="utf-8")
        assert table_cells(html)[4, True, False] == EURO[lang](expected_total(4, True, False, changed))
        assert f'data-flat-rate="{flat["value"]}"' in html
    with serving(result.site) as base:
        context = browser.new_context(locale="en-BE")
        page = context.new_page()
        page.goto(base + "en/" + CALCULATOR + "/", wait_until="networkidle")
        assert _calculate(page, 4, True, True)[1] == EURO["en"](expected_total(4, True, True, changed))
        context.close()


# -- the route guide: every combination of answers leads somewhere -----------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_combination_of_the_route_guide_gives_a_route_or_the_team(visit, lang):
    prefix = "" if lang == "nl" else f"{lang}/"
    page = visit(prefix + "models/route-guide/", locale=f"{lang}-BE").page
    status = page.locator("[data-route-guide-status]")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    start = status.inner_text()
    combinations = list(itertools.product(*[[answer for answer in question["answers"]] for question in DATA.route_guide]))
    assert combinations
    for answers in combinations:
        for question, answer in zip(DATA.route_guide, answers):
            page.check(f"#{question['id']}-{answer['id']}")
        fitting = set.intersection(*[set(answer["fits"]) for answer in answers])
        links = page.eval_on_selector_all("[data-route-guide-list] li a", "links => links.map(link => link.href)")
        announced = status.inner_text()
        assert announced and announced != start
        if fitting:
            assert len(links) == len(fitting)
            assert all(any(link.endswith(f"/models/{model}/") for link in links) for model in fitting)
            assert announced == DATA.ui["guide_result_some"][lang]
        else:
            assert len(links) == 1 and links[0].startswith("mailto:")
            assert announced == DATA.ui["guide_result_none"][lang]
            _assert_prefilled_mail(links[0], lang)


def _assert_prefilled_mail(address: str, lang: str) -> None:
    target, _, query = address.partition("?")
    assert target == f"mailto:{DATA.brochures.contact}"
    fields = dict(part.split("=", 1) for part in query.split("&"))
    assert unquote(fields["subject"]) == DATA.ui["mail_subject"][lang]
    assert unquote(fields["body"]) == DATA.ui["mail_body"][lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_route_guide_offers_the_team_by_mail(site, lang):
    html = page_path(site, lang, "models/route-guide").read_text(encoding="utf-8")
    link = re.search(r'<a href="(mailto:[^"]+)" data-route-guide-contact>', html)
    assert link
    _assert_prefilled_mail(unescape(link[1]), lang)


# -- becoming a partner and the first screen follow data/ -------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_first_screen_shows_the_status_and_both_routes(browser, served_site, lang):
    context = browser.new_context(locale=f"{lang}-BE", viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(served_site + ("" if lang == "nl" else f"{lang}/"), wait_until="networkidle")
    status = DATA.partner_path["by_status"][DATA.status["status"]]["home_status"][lang]
    assert page.inner_text(".home-status").replace("\u202f", " ") == status
    for route in DATA.routes:
        link = page.locator(f'.route-card a[href$="{route["page"].removesuffix(".md")}/"]')
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= 800, f"{route['id']} is below the first screen"
    history = page.locator("#history").bounding_box()
    assert history["y"] > page.locator(".route-cards").bounding_box()["y"]
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_steps_follow_the_programme_status_in_every_language(site, lang):
    from sitegen.partner_path import steps_for

    html = unescape(page_path(site, lang, "become-a-partner").read_text(encoding="utf-8"))
    status = DATA.status["status"]
    shown = steps_for(DATA.partner_path, status)
    for step in DATA.partner_path["steps"]:
        assert (f'id="step-{step["id"]}"' in html) == (step in [{k: v for k, v in s.items() if k not in ("number", "is_alternative")} for s in shown])
    numbers = re.findall(r'<h3 id="step-[a-z-]+">([^<–]+)–', html)
    assert len(numbers) == len(shown) and len(set(numbers)) == max(step["number"] for step in shown)
    texts = DATA.partner_path["by_status"][status]
    faq = unescape(page_path(site, lang, "faq").read_text(encoding="utf-8"))
    assert texts["faq_call"][lang].split(".")[0] in faq.replace("\u202f", " ")
    mail = re.search(r'href="(mailto:[^"]+)"', html[html.index('id="step-'):])
    _assert_prefilled_mail(mail[1], lang)


def test_switching_the_status_switches_the_steps_and_their_introduction():
    """In-process: the same data with each status, as an editor would set it in data/status.yml."""
    import copy

    from sitegen.pages import Renderer

    for status in ("open", "paused", "closed", "message"):
        data = copy.deepcopy(DATA)
        data.status["status"] = status
        for lang in LANGUAGES:
            steps = unescape(Renderer(data, lang, "become-a-partner.md").block("partner-steps"))
            assert data.partner_path["by_status"][status]["steps_intro"][lang] in steps
            for step in data.partner_path["steps"]:
                assert (f"{{ #step-{step['id']} }}" in steps) == (status in step.get("when", [status])), (status, step["id"])
            home = Renderer(data, lang, "index.md").block("home-status")
            assert unescape(home).startswith(data.partner_path["by_status"][status]["home_status"][lang])
