/*
 * "Which route fits us?": turns the plain list of questions into a live check. Without
 * JavaScript the page still shows, under every answer, which routes fit it, and the e-mail to
 * the team for a case that none fits.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-route-guide]");
  if (!form) return;
  var result = form.querySelector(".route-guide__result");
  var status = form.querySelector("[data-route-guide-status]");
  var list = form.querySelector("[data-route-guide-list]");
  var contact = form.querySelector("[data-route-guide-contact]");
  var models = {};
  document.querySelectorAll("a[data-model]").forEach(function (link) {
    models[link.getAttribute("data-model")] = link;
  });
  var questions = form.querySelectorAll("fieldset").length;

  function update() {
    var chosen = form.querySelectorAll("input[type=radio]:checked");
    var fitting = null;
    chosen.forEach(function (input) {
      var fits = input.getAttribute("data-fits").split(" ");
      fitting = fitting === null ? fits : fitting.filter(function (id) { return fits.indexOf(id) >= 0; });
    });
    list.innerHTML = "";
    if (chosen.length < questions) {
      status.textContent = status.getAttribute("data-start");
      return;
    }
    status.textContent = status.getAttribute(fitting.length ? "data-some" : "data-none");
    if (!fitting.length) {
      // No dead end: when no route fits every answer, the way on is the team, by e-mail.
      var item = document.createElement("li");
      item.appendChild(contact.cloneNode(true));
      list.appendChild(item);
    }
    fitting.forEach(function (id) {
      var item = document.createElement("li");
      var link = models[id].cloneNode(true);
      link.removeAttribute("data-model");
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  result.hidden = false;
  form.classList.add("route-guide--live");
  form.addEventListener("change", update);
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
