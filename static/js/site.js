// Behaviour every page shares, without inline handlers (the
// Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  // <select data-autosubmit>: choosing sends its form (the language switch).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  // <a data-back href="/">: back to the previous page when there is one.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
  // A link to a folded <details> ("Trả lại" to #tra-lai), or a page opened
  // at one, unfolds it.
  function unfold() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(decodeURIComponent(id));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }
  window.addEventListener("hashchange", unfold);
  document.addEventListener("DOMContentLoaded", unfold);
})();
