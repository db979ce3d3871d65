// Names for the icon buttons Decap CMS leaves without one (a screen reader says only "button"):
// in each item of a list, the arrow that opens and closes it, the handle that moves it and the
// cross that removes it. Each gets the item's own label ("Remove quota-2023"), and the arrow says
// whether the item is open. Decap re-renders often, so the names follow every change of the page.
const ITEM = '[class*="-SortableListItem"]';
const TOP_BAR = '[class*="-StyledListItemTopBar"]';
const ICON_BUTTON = '[class*="-TopBarButton-button"]';
const DRAG_HANDLE = '[aria-roledescription="sortable"]';
const ITEM_LABEL = '[class*="-NestedObjectLabel"]';

// The item's summary line ("quota-2023"): Decap shows it while the item is closed.
function summaryOf(bar) {
  const item = bar.closest(ITEM);
  return item && [...item.querySelectorAll(ITEM_LABEL)].find((node) => node.closest(ITEM) === item);
}

function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

function nameItemButtons(bar) {
  const summary = summaryOf(bar);
  const label = summary?.textContent.trim() || "this item";
  const handle = bar.querySelector(DRAG_HANDLE);
  for (const button of bar.querySelectorAll(`:scope > ${ICON_BUTTON}`)) {
    if (handle && button.compareDocumentPosition(handle) & Node.DOCUMENT_POSITION_FOLLOWING) {
      setAttribute(button, "aria-label", `Open or close ${label}`);
      setAttribute(button, "aria-expanded", String(!summary || getComputedStyle(summary).display === "none"));
    } else {
      setAttribute(button, "aria-label", `Remove ${label}`);
    }
  }
  if (handle) setAttribute(handle, "aria-label", `Move ${label}`);
}

let pending = false;
function nameAll() {
  pending = false;
  document.querySelectorAll(TOP_BAR).forEach(nameItemButtons);
}

new MutationObserver(() => {
  if (!pending) {
    pending = true;
    requestAnimationFrame(nameAll);
  }
}).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
