// The members pages (templates/cooperatives/people/): <button data-print>
// prints the page (the account card); no inline handler under the CSP.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
