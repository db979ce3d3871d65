/*
 * Remember the language a reader chooses, and on pages of the default language suggest the
 * reader's own language (from the browser's preferences or an earlier choice). Never redirects.
 * The choice stays in this browser (localStorage) and is sent nowhere.
 */
(function () {
  "use strict";
  var KEY = "preferred-language";

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function remember(language) {
    try { window.localStorage.setItem(KEY, language); } catch (error) { /* private mode */ }
  }

  document.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-language-choice]");
    if (choice) remember(choice.getAttribute("data-language-choice"));
    var dismiss = event.target.closest("[data-language-dismiss]");
    if (dismiss) {
      remember(document.documentElement.lang);
      dismiss.closest("[data-language-suggestion]").hidden = true;
    }
  });

  var banner = document.querySelector("[data-language-suggestion]");
  if (!banner) return;
  var current = document.documentElement.lang;
  var offers = {};
  banner.querySelectorAll("[data-suggest]").forEach(function (offer) {
    offers[offer.getAttribute("data-suggest")] = offer;
  });
  var preferences = (navigator.languages || [navigator.language || ""]).map(function (tag) {
    return tag.slice(0, 2).toLowerCase();
  });
  var wanted = stored() || preferences.filter(function (language) {
    return language === current || offers[language];
  })[0];
  if (wanted && wanted !== current && offers[wanted]) {
    offers[wanted].hidden = false;
    banner.hidden = false;
  }
})();
