"""Accessibility beyond axe (WCAG 2.2 AA), as a keyboard user and a zooming reader meet the site:
at 360 and 1280 px, on every page type in every language, Tab visits every control, each focused
control is named, visible, in the viewport and not covered; the menu opens and closes from the
keyboard, with and without JavaScript, and opens the page's contents; the search's results box
is a tab stop only with results; targets are at least 24 by 24 px; 320 px and text-spacing
overrides lose nothing; reduced motion and forced colours are respected. axe itself runs in
test_quality.py.

Each page is loaded once per width and every check runs on that load (the suite's time budget).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from conftest import LANGUAGES, ROOT, page_path

LANGUAGE_ROOT = {"nl": "", "fr": "fr/", "en": "en/"}
# One page of each kind (path inside a language); add a kind here when the site gets one. Every
# other page with a form of its own (calculator, checklist, route guide ...) is added by
# `pages_with_forms`.
PAGE_TYPES = {
    "home": "",
    "prose": "resettlement/",
    "model": "models/community-sponsorship/",
    "comparison": "models/comparison/",
    "steps": "become-a-partner/",
    "route guide": "models/route-guide/",
    "faq": "faq/",
    "accessibility statement": "accessibility/",
    "404": "no-such-page/",
}
WIDTHS = (360, 1280)
# A form control of the page itself, not one of Material's hidden toggles or its search field.
FORM_CONTROL = re.compile(r"<(?:input|select|textarea)\b(?![^>]*class=\"md-)", re.IGNORECASE)
# The reader's own spacing (WCAG 1.4.12), as the W3C's bookmarklet sets it.
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
                " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")

# Interactive elements that a pointer can reach, and what is true of each when it has focus.
FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]"
PAGE_SCRIPT = """
() => {
  const focusable = %r;
  const shown = (e) => e.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && e.getClientRects().length > 0;
  const name = (e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string"
    ? "." + e.className.trim().split(/\\s+/).filter(c => c !== "focus-visible").join(".") : ""}`
    + ` "${(e.innerText || e.getAttribute("aria-label") || e.value || "").trim().slice(0, 40)}"`;
  // What a screen reader calls the element (roughly: its label, else its text or title).
  const spoken = (e) => (e.getAttribute("aria-label")
    || (e.getAttribute("aria-labelledby") || "").split(/\\s+/).map(id => document.getElementById(id))
      .filter(Boolean).map(label => label.innerText).join(" ")
    || [...(e.labels || [])].map(label => label.innerText).join(" ")
    || e.innerText || e.getAttribute("title") || e.querySelector("img[alt]")?.alt || e.value || "").trim();
  window.a11y = {
    name,
    // What Tab must reach; a group of radio buttons is one stop (arrow keys move inside it).
    expected() {
      const groups = {};
      return [...new Set([...document.querySelectorAll(focusable)]
        .filter(e => !e.disabled && e.tabIndex >= 0 && shown(e))
        .map((e, i) => {
          const group = e.type === "radio" && e.name ? `${e.name}` : null;
          if (group && group in groups) i = groups[group]; else if (group) groups[group] = i;
          e.dataset.a11yIndex = i;
          return i;
        }))];
    },
    // The focused element: [index or null, name, problem or ""]
    focused() {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const problems = [];
      const rects = [...e.getClientRects()];
      const inside = rects.find(r => r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth);
      if (!shown(e) || !rects.length) problems.push("is invisible");
      else if (!inside) problems.push("is outside the viewport");
      else {
        const r = inside;
        if (r.top < -1 || r.bottom > innerHeight + 1 || r.left < -1 || r.right > innerWidth + 1)
          problems.push("is partly outside the viewport");
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (!hit || !(hit === e || e.contains(hit) || (hit.control === e)))
          problems.push(`is covered by ${hit ? name(hit) : "nothing"}`);
      }
      if (!spoken(e)) problems.push("has no name");
      const style = getComputedStyle(e);
      if ((style.outlineStyle === "none" || style.outlineWidth === "0px") && style.boxShadow === "none"
          && !e.classList.contains("md-skip"))
        problems.push("shows no focus ring");
      const index = e.dataset.a11yIndex === undefined ? null : Number(e.dataset.a11yIndex);
      return [index, name(e), problems.join(", ")];
    },
    // Targets under 24 by 24 px (WCAG 2.5.8) without the room the criterion asks instead: a
    // 24 px circle on the target's centre meets no other target and no other such circle. A link
    // inside a sentence is exempt.
    smallTargets() {
      const targets = [...document.querySelectorAll(focusable)]
        .filter(e => !e.disabled && e.tabIndex >= 0 && shown(e))
        .filter(e => !(e.type === "radio" && e.labels && e.labels.length))
        .map(e => [e, e.getBoundingClientRect()]);
      const small = targets.filter(([e, r]) => {
        if (getComputedStyle(e).display === "inline") {
          const block = e.parentElement.closest("p, li, td, th, dd, dt, figcaption, blockquote, label");
          if (block && block.textContent.trim() !== e.textContent.trim()) return false;
        }
        return r.width < 23.5 || r.height < 23.5;
      });
      const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
      const meetsRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom)) < 12;
      return small.filter(([e, r]) => {
        const c = centre(r);
        return targets.some(([o, q]) => o !== e && !o.contains(e) && !e.contains(o) && meetsRect(c, q))
          || small.some(([o, q]) => o !== e && Math.hypot(c[0] - centre(q)[0], c[1] - centre(q)[1]) < 24);
      }).map(([e, r]) => `${name(e)} is ${Math.round(r.width)}x${Math.round(r.height)} px, too close to another`);
    },
    sideways() {
      return document.documentElement.scrollWidth - document.documentElement.clientWidth;
    },
    // Text cut off by its box: an element that hides its overflow but has more content than room.
    cutText() {
      return [...document.querySelectorAll("body *")]
        .filter(e => e.childNodes.length && e.innerText && e.innerText.trim() && shown(e))
        .filter(e => {
          const style = getComputedStyle(e);
          if (![style.overflowX, style.overflowY].some(v => v === "hidden" || v === "clip")) return false;
          if (e.clientWidth <= 2 || e.clientHeight <= 2) return false;   // visually hidden on purpose
          // Material's one-line header title repeats the page's heading, cut with an ellipsis.
          if (e.closest(".md-header__title, .md-ellipsis")) return false;
          return e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1;
        })
        .map(e => `${name(e)}: ${e.scrollWidth}x${e.scrollHeight} px of text in ${e.clientWidth}x${e.clientHeight}`);
    },
  };
}
""" % FOCUSABLE


def pages_with_forms(site: Path, lang: str) -> dict[str, str]:
    """Every page of `lang` with a form control of its own, so a new tool page is tested too."""
    found = {}
    root = site / LANGUAGE_ROOT[lang]
    for path in sorted(root.rglob("index.html")):
        relative = path.parent.relative_to(root).as_posix()
        if other_language(root, path, lang):
            continue
        if FORM_CONTROL.search(path.read_text(encoding="utf-8")):
            found[f"form: {relative}"] = "" if relative == "." else relative + "/"
    return found


def other_language(root: Path, path: Path, lang: str) -> bool:
    """True for a page under `root` that belongs to another language (fr/ and en/ in nl's root)."""
    return LANGUAGE_ROOT[lang] == "" and path.relative_to(root).parts[0] + "/" in LANGUAGE_ROOT.values()


def page_types(site: Path, lang: str) -> dict[str, str]:
    types = dict(PAGE_TYPES)
    for name, address in pages_with_forms(site, lang).items():
        if address not in types.values():
            types[name] = address
    return types


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab per width, with reduced motion so that every check reads the settled page
    (Material's slides and fades take 0.25 s)."""
    opened = {width: browser.new_context(viewport={"width": width, "height": 800}, locale="nl-BE",
                                         reduced_motion="reduce").new_page()
              for width in WIDTHS}
    yield opened
    for page in opened.values():
        page.context.close()


def tab_through(page, where: str) -> list[str]:
    """Press Tab until focus has gone round the page; problems with what took focus, and with
    what never did. What has focus is checked as it gets it (the page has scrolled by then),
    so each step costs one key press."""
    expected = set(page.evaluate("a11y.expected()"))
    page.evaluate("a11y.log = []; document.addEventListener('focusin', () => a11y.log.push(a11y.focused()))")
    log, round_done, presses = [], False, len(expected) + 6
    for _ in range(8):
        for _ in range(presses):
            page.keyboard.press("Tab")
        presses = 8
        log = page.evaluate("a11y.log")
        indexes = [entry[0] for entry in log if entry and entry[0] is not None]
        if indexes and indexes[0] in indexes[1:]:
            round_done = True
            break
    problems = [f"{where}: focus on {name} {problem}" for entry in log if entry for _, name, problem in [entry] if problem]
    if not round_done:
        problems.append(f"{where}: focus does not come back round to the start")
    missed = sorted(expected - {entry[0] for entry in log if entry})
    if missed:
        names = page.evaluate("(ids) => ids.map(i => a11y.name(document.querySelector(`[data-a11y-index='${i}']`)))", missed)
        problems += [f"{where}: Tab never reaches {name}" for name in names]
    return problems


def menu_by_keyboard(page, where: str) -> list[str]:
    """On a narrow screen: Enter on the menu button opens the menu with focus inside it; Escape
    closes it and gives focus back to the button."""
    button = page.locator(".md-header button[data-toggles='__drawer']")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary')", timeout=2000)
    problems = []
    if not page.evaluate("document.getElementById('__drawer').checked"):
        problems.append(f"{where}: Enter on the menu button does not open the menu")
    for _ in range(60):                      # Tab through the open menu, until focus leaves it
        state = page.evaluate("[!!document.activeElement.closest('.md-sidebar--primary'), a11y.focused()]")
        if not state[0]:
            break
        if state[1] and state[1][2]:
            problems.append(f"{where}: in the open menu, focus on {state[1][1]} {state[1][2]}")
        page.keyboard.press("Tab")
    if page.evaluate("document.getElementById('__drawer').checked"):
        problems.append(f"{where}: the menu stays open over the page when focus leaves it")
    button.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    closed = page.evaluate("[document.getElementById('__drawer').checked,"
                           " document.activeElement.matches(\".md-header button[data-toggles='__drawer']\")]")
    if closed != [False, True]:
        problems.append(f"{where}: Escape does not close the menu and return to its button ({closed})")
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_targets_reflow_and_text_spacing_on_every_page_type(site, served_site, tabs, lang):
    problems = []
    for width, page in tabs.items():
        for kind, address in page_types(site, lang).items():
            where = f"{width} px, {kind} /{LANGUAGE_ROOT[lang]}{address}"
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(served_site + LANGUAGE_ROOT[lang] + address, wait_until="load")
            page.evaluate(PAGE_SCRIPT)
            problems += tab_through(page, where)
            problems += [f"{where}: target {small}" for small in page.evaluate("a11y.smallTargets()")]
            if width == WIDTHS[0]:
                problems += menu_by_keyboard(page, where)
                page.set_viewport_size({"width": 320, "height": 800})
                if page.evaluate("a11y.sideways()") > 0:
                    problems.append(f"{where}: scrolls sideways at 320 px")
                page.add_style_tag(content=TEXT_SPACING)
                problems += [f"{where}, text spacing: cut text {cut}" for cut in page.evaluate("a11y.cutText()")]
                if page.evaluate("a11y.sideways()") > 0:
                    problems.append(f"{where}, text spacing: scrolls sideways at 320 px")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_page_types_include_every_page_with_a_form(site):
    """The route guide has a form: the automatic pick-up finds it (so it will find the next)."""
    assert "models/route-guide/" in pages_with_forms(site, "fr").values()
    assert "faq/" not in pages_with_forms(site, "fr").values()


# -- motion and forced colours ----------------------------------------------------------------
def test_reduced_motion_stops_the_menu_sliding(browser, served_site):
    durations = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(viewport={"width": 360, "height": 800}, reduced_motion=motion)
        page = context.new_page()
        page.goto(served_site + "faq/", wait_until="load")
        durations[motion] = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-sidebar--primary')).transitionDuration)")
        context.close()
    assert durations["no-preference"] > 0.1 and durations["reduce"] < 0.001, durations


def test_without_javascript_space_opens_the_menu_on_a_phone(browser, served_site):
    """The statement says so: without JavaScript the menu's checkbox takes focus, with its
    button showing the focus ring, and Space opens the menu."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False,
                                  reduced_motion="reduce")
    page = context.new_page()
    page.goto(served_site + "faq/", wait_until="networkidle")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "__drawer":
            break
    ring = page.evaluate("getComputedStyle(document.querySelector(\".md-header label[for='__drawer']\")).outlineStyle")
    page.keyboard.press("Space")
    menu = page.evaluate("document.querySelector('.md-sidebar--primary .md-nav__link').getBoundingClientRect().left")
    context.close()
    assert ring != "none", "the menu button shows no focus"
    assert menu >= 0, "Space does not open the menu"


def test_forced_colours_keep_focus_frames_and_the_status_notice(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, forced_colors="active")
    page = context.new_page()
    page.goto(served_site + "models/route-guide/", wait_until="networkidle")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()")
    frames = page.evaluate("""['.programme-status', '.md-typeset .route-guide fieldset'].map(selector => {
        const s = getComputedStyle(document.querySelector(selector));
        return [selector, s.borderTopStyle, parseFloat(s.borderTopWidth), s.borderLeftStyle, parseFloat(s.borderLeftWidth)]; })""")
    context.close()
    assert ring[0] != "none" and ring[1] != "0px", f"no focus ring in forced colours: {ring}"
    for selector, top_style, top, left_style, left in frames:
        assert top_style != "none" and top > 0 and left_style != "none" and left > 0, f"{selector} has no frame"


# -- consistent help and the statement --------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_ends_with_the_same_help_and_a_mail_about_the_page(site, lang):
    """The footer (3.2.6) on every page: the feedback e-mail names the page's title and
    address, then the statement, privacy and contact links, always in that order."""
    words = yaml.safe_load((ROOT / "data" / "ui.yml").read_text(encoding="utf-8"))
    contact = yaml.safe_load((ROOT / "data" / "brochures.yml").read_text(encoding="utf-8"))["contact"]
    root = site / LANGUAGE_ROOT[lang]
    pages = [path for path in root.rglob("index.html") if not other_language(root, path, lang)]
    pages.append(root / "404.html")
    assert len(pages) >= 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        footer = html[html.index('class="md-copyright"'):]
        link = re.search(r'<a href="mailto:([^"?]+)\?subject=([^"&]+)&amp;body=([^"]+)"\s+data-page-feedback', footer)
        assert link, f"{path}: no feedback link in the footer"
        assert link[1] == contact
        body = unquote(link[3])
        title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)[1].split(" - ")[0].strip()
        assert words["page_feedback_link"][lang] in footer
        if path.name == "index.html":
            assert title.replace("&amp;", "&").replace("&#39;", "'") in body, f"{path}: the mail does not name {title}"
            assert "https://example.org/resettlement/" in body, f"{path}: the mail has no address"
        order = [footer.index(f"/{target}") for target in ("accessibility/", "about/#privacy", "become-a-partner/#contact")]
        assert order == sorted(order), f"{path}: footer links out of order"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_statement_shows_its_dates_from_data(site, lang):
    dates = yaml.safe_load((ROOT / "data" / "accessibility.yml").read_text(encoding="utf-8"))
    months = yaml.safe_load((ROOT / "data" / "ui.yml").read_text(encoding="utf-8"))["months"][lang].split()
    html = page_path(site, lang, "accessibility").read_text(encoding="utf-8")
    for value in (str(dates["prepared"]), str(dates["reviewed"])):
        year, month, day = value.split("-")
        assert f"{int(day)} {months[int(month) - 1]} {year}" in html, f"{lang}: the statement does not show {value}"


# -- the search's results box, the page's contents in the phone menu, the menu without JS ------
FOCUS_IN = "(selector) => !!document.activeElement.closest(selector)"


def test_the_search_results_box_is_a_tab_stop_only_with_results(browser, served_site):
    """Tab from the search field leaves the search (and closes it) while the box is empty or says
    there is no result; with results, Tab reaches the box, named by its count of results."""
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800}, reduced_motion="reduce")
        page = context.new_page()
        page.goto(served_site + "faq/", wait_until="load")
        field, box = page.locator(".md-search__input"), ".md-search__scrollwrap"
        heading = page.locator(".md-content h1")
        word = max(heading.inner_text().split(), key=len)               # a word the site surely has
        for query in ("", word, "qxzvw"):
            page.keyboard.press("Escape")
            heading.focus()
            page.keyboard.press("/")
            page.wait_for_function("document.getElementById('__search').checked", timeout=2000)
            field.fill("")
            page.keyboard.type(query)                       # Material searches on key presses
            count = "> 0" if query == word else "=== 0"
            page.wait_for_function(f"document.querySelector('.md-search-result__list').children.length {count}",
                                   timeout=5000)
            if query != word:
                page.wait_for_timeout(300)                  # the answer to the whole query has come
            page.keyboard.press("Tab")
            on_box = page.evaluate(f"document.activeElement.matches('{box}')")
            if query == word:
                name = page.evaluate(f"document.getElementById(document.querySelector('{box}')"
                                     ".getAttribute('aria-labelledby')).innerText.trim()")
                if not on_box or not name:
                    problems.append(f"{width} px, {query!r}: Tab from the field does not reach the named results"
                                    f" ({on_box}, {name!r})")
            elif on_box or page.evaluate(FOCUS_IN, ".md-search") or page.evaluate("document.getElementById('__search').checked"):
                problems.append(f"{width} px, {query!r}: Tab stops in the search without results")
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_phone_menu_opens_the_contents_of_this_page_by_keyboard(site, served_site, tabs, lang):
    """At 360 px the current page's entry in the menu opens its contents: Tab reaches it, Enter
    opens the panel titled (and named) with the site's words for this page's contents, in the
    page's language; Tab goes on into its links, Enter on the title gives focus back."""
    title = yaml.safe_load((ROOT / "data" / "ui.yml").read_text(encoding="utf-8"))["page_contents"][lang]
    page = tabs[360]
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(served_site + LANGUAGE_ROOT[lang] + "faq/", wait_until="load")
    opener = ".md-nav--primary label.md-nav__link[for='__toc']"
    page.locator(".md-header button[data-toggles='__drawer']").focus()
    page.keyboard.press("Enter")
    for _ in range(30):
        if page.evaluate(f"document.activeElement.matches(\"{opener}\")"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate(f"document.activeElement.matches(\"{opener}\")"), "Tab never reaches the page's contents"
    page.keyboard.press("Enter")
    panel = page.evaluate("""() => { const e = document.activeElement, nav = e.closest('.md-nav--secondary');
        return [e.matches("label.md-nav__title[for='__toc']"), e.innerText.trim(), nav && nav.getAttribute('aria-label'),
                e.checkVisibility({visibilityProperty: true})]; }""")
    assert panel == [True, title, title, True], panel
    page.keyboard.press("Tab")
    link = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return [!!e.closest('.md-nav--primary .md-nav--secondary'), e.matches('a[href^="#"]'), e.innerText.trim(),
                r.left >= 0 && r.right <= innerWidth]; }""")
    assert link[:2] == [True, True] and link[2] and link[3], f"Tab does not go on into the contents: {link}"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.activeElement.matches(\"{opener}\")"), "closing the contents loses focus"
    for path in (page_path(site, lang, "faq"), page_path(site, lang, "models/route-guide")):
        html = path.read_text(encoding="utf-8")
        assert f'<nav class="md-nav md-nav--secondary" aria-label="{title}">' in html, f"{path}: contents not named {title}"


def test_without_javascript_the_open_phone_menu_closes_by_keyboard(browser, served_site):
    """Without JavaScript, Space on the menu's checkbox opens the menu; focus stays on it, shown
    as a close button at the top of the open menu; Tab goes round the menu and that button only
    (the page behind is hidden); Space closes the menu."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False,
                                  reduced_motion="reduce")
    page = context.new_page()
    page.goto(served_site + "faq/", wait_until="load")
    page.evaluate(PAGE_SCRIPT)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "__drawer":
            break
    page.keyboard.press("Space")
    closer = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect(),
        menu = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
        return [e.id, e.checked, r.width >= 24 && r.height >= 24, r.left >= menu.left && r.right <= menu.right,
                document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === e]; }""")
    assert closer == ["__drawer", True, True, True, True], f"no close button in the open menu: {closer}"
    name = yaml.safe_load((ROOT / "data" / "ui.yml").read_text(encoding="utf-8"))["menu_toggle"]["nl"]
    assert page.get_by_role("checkbox", name=name, exact=True).evaluate("e => e === document.activeElement"), \
        f"the close button is not named {name}"
    assert page.evaluate("a11y.focused()")[2] == "", page.evaluate("a11y.focused()")
    stops, problems = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate("[document.activeElement.id, !!document.activeElement.closest('.md-sidebar--primary'),"
                              " document.activeElement === document.body, a11y.focused()]")
        if state[0] == "__drawer":
            break
        if not state[2]:
            stops.append(state[3][1])
            if not state[1] or state[3][2]:
                problems.append(f"focus on {state[3][1]} {'behind the menu' if not state[1] else state[3][2]}")
    assert page.evaluate("document.activeElement.id") == "__drawer", f"Tab does not come back to the close button: {stops}"
    assert stops and not problems, "\n".join(problems)
    page.keyboard.press("Space")
    assert not page.evaluate("document.getElementById('__drawer').checked"), "Space does not close the menu"
    context.close()


def test_the_hidden_back_to_top_button_takes_no_focus(served_site, tabs):
    """Material's "Back to top" button is only transparent while it is hidden (at the top of the
    page): it must not take focus then, and take it once it shows."""
    page = tabs[360]
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(served_site + "faq/", wait_until="load")
    takes_focus = "(() => { const b = document.querySelector('.md-top'); b.focus(); return [b.hidden, document.activeElement === b]; })()"
    assert page.evaluate(takes_focus) == [True, False]
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -500)                      # scrolling back up shows the button
    page.wait_for_function("!document.querySelector('.md-top').hidden", timeout=3000)
    assert page.evaluate(takes_focus) == [False, True]
