/*
 * "Are you ready?": keeps the reader's ticks in this browser (localStorage), one entry per route
 * and language (the key comes from the page), and empties a list with its "clear" button.
 * Nothing is sent. Without JavaScript the page is the same list with empty boxes, to print.
 */
(function () {
  "use strict";
  var lists = document.querySelectorAll("[data-readiness-list]");

  function stored(key) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];  // storage refused (private mode) or an old value: start with no ticks
    }
  }

  function store(key, ticked) {
    try {
      if (ticked.length) window.localStorage.setItem(key, JSON.stringify(ticked));
      else window.localStorage.removeItem(key);
    } catch (error) {
      /* storage refused: the ticks last until the page closes */
    }
  }

  Array.prototype.forEach.call(lists, function (list) {
    var key = list.getAttribute("data-storage-key");
    var boxes = list.querySelectorAll("[data-readiness-item]");
    var clear = list.querySelector("[data-readiness-clear]");
    var ticked = stored(key);

    function save() {
      var values = [];
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.checked) values.push(box.value);
      });
      store(key, values);
    }

    Array.prototype.forEach.call(boxes, function (box) {
      box.checked = ticked.indexOf(box.value) !== -1;
      box.addEventListener("change", save);
    });
    if (clear) {
      clear.hidden = false;
      clear.addEventListener("click", function () {
        Array.prototype.forEach.call(boxes, function (box) { box.checked = false; });
        store(key, []);
        if (boxes.length) boxes[0].focus();
      });
    }
  });
})();
