/*
 * The search index (and with it the search engine) is fetched when the reader reaches for
 * search, not on every page view: a first visit that never searches saves about 40 kB.
 *
 * Material's bundle asks for <language root>/search/search_index.json as soon as it starts. That
 * request waits here until the search field takes focus or the search dialog opens (by tap,
 * keyboard shortcut or our search button), or at once when the address asks for search (?q=) or
 * for highlighted words (?h=). Material shows "Initializing search" meanwhile, and sends what was
 * typed as soon as the index is ready. Loaded in <head>, before the bundle.
 */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var wanted = /[?&][qh]=/.test(location.search);
  var waiting = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  function want() {
    wanted = true;
    waiting.splice(0).forEach(function (start) { start(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.waitsForSearch = INDEX.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, body = arguments;
    if (!request.waitsForSearch || wanted) {
      return send.apply(request, body);
    }
    waiting.push(function () { send.apply(request, body); });
  };

  document.addEventListener("focusin", function (event) {
    if (!wanted && event.target.matches && event.target.matches("[data-md-component=search-query]")) {
      want();
    }
  });
  document.addEventListener("change", function (event) {
    if (!wanted && event.target.id === "__search" && event.target.checked) {
      want();
    }
  });
})();
