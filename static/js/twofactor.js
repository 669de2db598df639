// The recovery codes page: <button data-print> prints it (no inline handler under the CSP).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-print]");
    if (button) {
      window.print();
    }
  });
})();
