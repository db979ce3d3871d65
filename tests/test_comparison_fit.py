"""The comparison and who-does-what pages fit every reader (issue 17, section 6): on a phone
each text shows once and no phase row is empty; on a desktop the matrix fits its column or
scrolls in a named, focusable frame with a visible line saying so; in print no cell is cut.

Each page is opened once per width and language; the checks read what the browser shows."""

import pytest

from conftest import LANGUAGES

LANGUAGE_ROOT = {"nl": "", "fr": "fr/", "en": "en/"}
PAGES = ("models/comparison/", "models/who-does-what/")
# A4 minus the side margins of print.css (15 mm each): 180 mm at 96 px per inch.
PRINT_WIDTH = 680

# Visible blocks of text in the page's content: cells, list items (without their nested lists)
# and paragraphs, each with whether it is in a table and which list holds it.
VISIBLE_BLOCKS = """
() => {
  const shown = (e) => e.checkVisibility() && e.getClientRects().length > 0;
  const ownText = (e) => {
    const copy = e.cloneNode(true);
    copy.querySelectorAll("ul, ol").forEach(list => list.remove());
    return copy.textContent.replace(/\\s+/g, " ").trim();
  };
  const content = document.querySelector("article");
  const lists = [...content.querySelectorAll("ul, ol")];
  const blocks = [...content.querySelectorAll("td, li, p")]
    .filter(e => shown(e) && !e.closest(".md-source-file"))
    .filter(e => !(e.tagName === "P" && e.parentElement.closest("td, li")))
    .map(e => ({text: ownText(e), inTable: !!e.closest("table"), list: lists.indexOf(e.parentElement)}));
  const phaseCells = [...content.querySelectorAll("td")].filter(shown)
    .filter(e => ownText(e) === "").length;
  return {blocks, phaseCells};
}
"""

# Each table frame of the two pages, and whether it fits or says that it scrolls.
TABLE_FRAMES = """
() => [...document.querySelectorAll("article table")].map(table => {
  const frame = table.parentElement;
  const hint = document.getElementById(frame.getAttribute("aria-describedby") || "");
  return {
    fits: frame.scrollWidth <= frame.clientWidth,
    focusable: frame.tabIndex >= 0,
    role: frame.getAttribute("role"),
    name: (frame.getAttribute("aria-label") || "").trim(),
    hint: hint && hint.checkVisibility() ? hint.textContent.trim() : "",
  };
})
"""

# Cells of every table in print: the content inside its cell, whole words, the table on the page.
PRINTED_CELLS = """
() => {
  const content = document.querySelector("article");
  const right = content.getBoundingClientRect().right;
  const cut = [];
  for (const cell of content.querySelectorAll("table th, table td")) {
    const style = getComputedStyle(cell);
    if (cell.scrollWidth > cell.clientWidth || cell.getBoundingClientRect().right > right + 1
        || style.overflowWrap === "anywhere" || style.wordBreak === "break-all") {
      cut.push(`${cell.textContent.trim().slice(0, 40)} (${style.overflowWrap}, ${cell.scrollWidth}/${cell.clientWidth})`);
    }
  }
  return cut;
}
"""


def repeated_blocks(blocks: list[dict], shortest: int = 20) -> list[str]:
    """Texts shown twice: a table cell's text (of at least `shortest` characters) again outside
    the table (the matrix and its list both shown), or one item twice in the same list. The same
    value under two points of the list ("not published") is not a repeat."""
    cells = [block["text"] for block in blocks if block["inTable"] and len(block["text"]) >= shortest]
    others = [block for block in blocks if not block["inTable"]]
    repeated = {cell for cell in cells if any(cell in block["text"] for block in others)}
    items = [(block["list"], block["text"]) for block in others if block["list"] >= 0 and block["text"]]
    repeated |= {text for key, text in items if items.count((key, text)) > 1}
    return sorted(repeated)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_each_text_shows_once_and_no_phase_row_is_empty(visit, lang):
    for page in PAGES:
        found = visit(LANGUAGE_ROOT[lang] + page, width=360).page.evaluate(VISIBLE_BLOCKS)
        assert found["blocks"], f"{lang} {page}: no visible text at all"
        assert repeated_blocks(found["blocks"]) == [], f"{lang} {page}: shown twice at 360 px"
        assert found["phaseCells"] == 0, f"{lang} {page}: {found['phaseCells']} empty cells at 360 px"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_desktop_the_tables_fit_or_scroll_in_a_named_focusable_frame(visit, lang):
    for page in PAGES:
        frames = visit(LANGUAGE_ROOT[lang] + page, width=1280).page.evaluate(TABLE_FRAMES)
        assert frames, f"{lang} {page}: no table"
        for frame in frames:
            if not frame["fits"]:
                assert frame["focusable"] and frame["role"] == "region" and frame["name"], (lang, page, frame)
                assert frame["hint"], f"{lang} {page}: the table scrolls without a visible line saying so"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_in_print_no_table_cell_is_cut(browser, served_site, lang):
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 900})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        for path in PAGES:
            page.goto(served_site + LANGUAGE_ROOT[lang] + path)
            assert page.evaluate(PRINTED_CELLS) == [], f"{lang} {path}: cells cut in print"
    finally:
        context.close()
