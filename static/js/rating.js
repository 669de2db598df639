// The assessment page: the total score and the category as one types
// (the server computes them again on save). No inline script (strict CSP).
(function () {
  "use strict";
  var summary = document.getElementById("rating-summary");
  var form = document.querySelector(".rating-form");
  if (!summary || !form) return;
  var categories = JSON.parse(summary.getAttribute("data-categories") || "[]");
  var total = document.getElementById("rating-total");
  var category = document.getElementById("rating-category");
  // The decimal mark the server wrote the score with (a comma in Vietnamese).
  var comma = total && total.textContent.indexOf(",") !== -1;

  function parse(value) {
    var text = String(value || "").trim().replace(",", ".");
    if (text === "") return 0;
    if (!/^\d+(\.\d)?$/.test(text)) return NaN;
    return Number(text);
  }

  function check(input) {
    var max = Number(input.getAttribute("data-max"));
    var value = parse(input.value);
    var box = input.closest(".rating-item");
    var error = box ? box.querySelector(".rating-points-error") : null;
    var message = "";
    if (isNaN(value)) message = summary.getAttribute("data-msg-number");
    else if (value < 0 || value > max) message = summary.getAttribute("data-msg-range");
    input.classList.toggle("is-invalid", message !== "");
    if (error) error.textContent = message;
    return message === "" ? value : 0;
  }

  function update() {
    var tenths = 0;
    form.querySelectorAll(".rating-points").forEach(function (input) {
      tenths += Math.round(check(input) * 10);
    });
    var score = tenths / 10;
    if (total) total.textContent = comma ? score.toFixed(1).replace(".", ",") : score.toFixed(1);
    if (category) {
      var found = categories.find(function (c) { return score >= c.min; });
      category.textContent = found ? found.label : "";
    }
  }

  form.addEventListener("input", function (event) {
    if (event.target.classList.contains("rating-points")) update();
  });
  if (form.querySelector(".rating-points")) update();
})();
