/*
 * Keyboard use of Material's header and its pop-ups, and the full address in the footer's
 * "Something wrong on this page?" e-mail.
 *
 * Material's menu and search buttons are <label>s for hidden checkboxes, which Tab skips: here
 * they become buttons (Enter or Space), with aria-expanded kept in step. Escape closes what
 * Enter opened: the menu (focus back on its button) and the language list. The closed menu and
 * search are hidden by site.css, so nothing off-screen takes focus.
 */
(function () {
  "use strict";

  // A real button in place of the header's label (a label may not take the role of a button):
  // it toggles the same checkbox, so Material sees the same change as from a tap.
  function asButton(label, toggle, name, onOpen) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    button.setAttribute("data-toggles", toggle.id);
    if (name) {
      button.setAttribute("aria-label", name);
    }
    while (label.firstChild) {
      button.appendChild(label.firstChild);
    }
    label.parentNode.insertBefore(button, label);
    label.hidden = true;
    var sync = function () {
      button.setAttribute("aria-expanded", String(toggle.checked));
    };
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("click", function (event) {
      toggle.click();
      sync();
      if (onOpen && toggle.checked && event.detail === 0) {
        onOpen();                        // opened from the keyboard: focus into what opened
      }
    });
    return button;
  }

  // A focusable label (the way into and back out of the menu's panels, the current page's
  // contents among them): Enter and Space click it once. The label is then hidden with the
  // level it was on, so focus goes on to the other end of the same panel: its title when it
  // opens, the label that opened it when it closes.
  function asKeyLabel(label) {
    label.tabIndex = 0;
    label.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        // Material clicks a focused label on Enter itself, from the document: once is enough.
        event.preventDefault();
        event.stopPropagation();
        label.click();
        var other = Array.prototype.find.call(
          document.querySelectorAll(".md-nav--primary label[for='" + label.htmlFor + "']"),
          function (candidate) { return candidate !== label && candidate.checkVisibility({visibilityProperty: true}); });
        if (other) { other.focus(); }
      }
    });
  }

  function setDrawer(drawer, open) {
    if (drawer.checked !== open) {
      drawer.checked = open;
      drawer.dispatchEvent(new Event("change"));
    }
  }

  function headerButtons() {
    var drawer = document.getElementById("__drawer");
    var search = document.getElementById("__search");
    var menuButton = document.querySelector(".md-header label[for='__drawer']");
    var searchButton = document.querySelector(".md-header label[for='__search']");
    var navigation = document.querySelector(".md-nav--primary");
    var searchInput = document.querySelector(".md-search__input");
    if (drawer && menuButton) {
      // Opened from the keyboard: focus moves to the menu's first link.
      menuButton = asButton(menuButton, drawer, navigation && navigation.getAttribute("aria-label"), function () {
        var first = Array.prototype.find.call(
          document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary [tabindex='0']"),
          function (link) { return link.checkVisibility({visibilityProperty: true}) && link.getClientRects().length; });
        if (first) { first.focus(); }
      });
      // Leaving the open menu with Tab closes it (the page behind it is covered).
      var sidebar = document.querySelector(".md-sidebar--primary");
      if (sidebar) {
        sidebar.addEventListener("focusout", function (event) {
          if (drawer.checked && event.relatedTarget && !sidebar.contains(event.relatedTarget)) {
            setDrawer(drawer, false);
          }
        });
      }
    }
    // In the menu, what opens a section or the page's contents, and each open panel's title
    // (the way back to the level above), work from the keyboard too.
    Array.prototype.forEach.call(document.querySelectorAll(".md-nav--primary label[for]"), function (label) {
      var toggle = document.getElementById(label.getAttribute("for"));
      if (toggle && toggle !== drawer) {
        asKeyLabel(label);
      }
    });
    // Leaving the open search with Tab closes it, as Escape does: its overlay would cover the page.
    var searchDialog = document.querySelector(".md-search");
    if (search && searchDialog) {
      searchDialog.addEventListener("focusout", function (event) {
        if (search.checked && event.relatedTarget && !searchDialog.contains(event.relatedTarget)) {
          search.checked = false;
          search.dispatchEvent(new Event("change"));
        }
      });
    }
    if (searchDialog) {
      searchResults(searchDialog);
    }
    if (search && searchButton) {
      asButton(searchButton, search, searchInput && searchInput.getAttribute("aria-label"));
    }
    document.addEventListener("keydown", function (event) {
      if (/^[/sf]$/.test(event.key)) {
        openSearchForShortcut(event, search, searchInput);
        return;
      }
      if (event.key !== "Escape") {
        return;
      }
      if (drawer && drawer.checked) {
        setDrawer(drawer, false);
        if (menuButton) { menuButton.focus(); }
      }
      var select = document.activeElement && document.activeElement.closest(".md-select");
      if (select) {
        select.setAttribute("data-closed", "");
        var button = select.querySelector("button");
        if (button) { button.focus(); }
      }
    });
  }

  // The search's results box is a tab stop only while it lists results (to scroll and read them
  // by keyboard), not while it is empty or says there is none. Tab from the field reaches it:
  // Material's own Tab would close the search first. Leaving the search with Tab closes it.
  function searchResults(searchDialog) {
    var box = searchDialog.querySelector(".md-search__scrollwrap");
    var list = searchDialog.querySelector(".md-search-result__list");
    if (!box || !list) {
      return;
    }
    var sync = function () { box.tabIndex = list.children.length ? 0 : -1; };
    sync();
    new MutationObserver(sync).observe(list, {childList: true});
    searchDialog.addEventListener("keydown", function (event) {
      if (event.key === "Tab" && box.tabIndex === 0) {
        event.stopPropagation();
      }
    });
  }

  // Material's shortcuts "/", "s" and "f" focus the search field, which a narrow screen hides
  // until the search opens (site.css): there the shortcut opens the search first.
  function openSearchForShortcut(event, search, searchInput) {
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (!search || !searchInput || search.checked || typing || event.ctrlKey || event.metaKey || event.altKey ||
        searchInput.checkVisibility({visibilityProperty: true})) {
      return;
    }
    event.preventDefault();
    search.click();
    searchInput.focus();
  }

  // The language list opens on focus and hover (site.css); after Escape it stays closed until
  // the reader asks again.
  function languageList() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-select"), function (select) {
      var button = select.querySelector("button");
      var reopen = function () { select.removeAttribute("data-closed"); };
      select.addEventListener("mouseenter", reopen);
      select.addEventListener("focusout", function (event) {
        if (!select.contains(event.relatedTarget)) { reopen(); }
      });
      if (button) {
        button.addEventListener("click", reopen);
        button.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " " || event.key === "ArrowDown") {
            reopen();
          }
        });
      }
    });
  }

  function feedbackAddress() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-page-feedback]"), function (link) {
      var body = link.getAttribute("data-feedback-body");
      if (body) {
        var address = window.location.href.split("#")[0];
        link.href = link.href.split("&body=")[0] + "&body=" + encodeURIComponent(body.replace("{address}", address));
      }
    });
  }

  headerButtons();
  languageList();
  feedbackAddress();
})();
