/*
 * "What Fedasil pays": computes the support for the household the reader describes, line by
 * line, and the budget sheet's totals. The amounts, the words and the way to write an amount
 * come from the page (data/ via the generator). Nothing typed here is sent or stored.
 * Without JavaScript the page shows the table of every case and a blank sheet to print.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-support-calculator]");
  if (!form) return;
  var sheet = document.querySelector("[data-budget-sheet]");
  var lines = form.querySelector("[data-calculator-lines]");
  var totalCell = form.querySelector("[data-calculator-total]");
  var amount = {
    flat: Number(form.getAttribute("data-flat-rate")),
    extraYear: Number(form.getAttribute("data-extra-year")),
    directHead: Number(form.getAttribute("data-direct-head")),
    directMember: Number(form.getAttribute("data-direct-member"))
  };
  var currentSupport = 0;

  function grouped(value) {
    var sign = value < 0 ? "-" : "";
    var digits = String(Math.round(Math.abs(value)));
    var separator = form.getAttribute("data-separator");
    return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }

  function euro(value) {
    return form.getAttribute("data-euro").replace("{value}", grouped(value));
  }

  function words(name, people, value) {
    return form.getAttribute("data-" + name)
      .replace("{people}", String(people)).replace("{value}", euro(value));
  }

  function addLine(label, value) {
    var row = document.createElement("tr");
    var head = document.createElement("th");
    head.scope = "row";
    head.textContent = label;
    var cell = document.createElement("td");
    cell.textContent = euro(value);
    row.appendChild(head);
    row.appendChild(cell);
    lines.appendChild(row);
    return value;
  }

  function people() {
    var value = Math.floor(Number(form.elements.people.value));
    return value >= 1 ? value : 1;
  }

  function update() {
    var count = people();
    var direct = form.elements.arrival.value === "direct";
    var extra = form.elements.years.value === "extra";
    var total = 0;
    lines.textContent = "";
    total += addLine(words("line-flat", count, amount.flat), count * amount.flat);
    if (extra) total += addLine(words("line-extra-year", count, amount.extraYear), count * amount.extraYear);
    if (direct) {
      total += addLine(words("line-direct-head", 1, amount.directHead), amount.directHead);
      if (count > 1) {
        total += addLine(words("line-direct-members", count - 1, amount.directMember), (count - 1) * amount.directMember);
      }
    }
    totalCell.textContent = euro(total);
    currentSupport = total;
    updateSheet();
  }

  function updateSheet() {
    if (!sheet) return;
    var costs = 0;
    sheet.querySelectorAll("[data-budget-cost]").forEach(function (input) {
      var value = Number(input.value);
      if (input.value !== "" && isFinite(value)) costs += value;
    });
    sheet.querySelector("[data-budget-costs]").textContent = euro(costs);
    sheet.querySelector("[data-budget-support]").textContent = euro(currentSupport);
    sheet.querySelector("[data-budget-difference]").textContent = euro(currentSupport - costs);
  }

  form.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  if (sheet) {
    sheet.addEventListener("input", updateSheet);
    sheet.addEventListener("submit", function (event) { event.preventDefault(); });
    var print = sheet.querySelector("[data-budget-print]");
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  update();
})();
