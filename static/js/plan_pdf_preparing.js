/* The page of a long plan's PDF being prepared (reports/plan_pdf_preparing.html):
   asks the status URL every few seconds whether the task worker has stored
   the file, then fetches it and says it is ready, or says the render failed.
   A failed question (no connection, a server error) is asked again later. */
(function () {
  "use strict";

  var holder = document.getElementById("plan-pdf-preparing");
  if (!holder) {
    return;
  }
  var pause = 3000;

  function show(state) {
    holder.querySelectorAll("[data-state]").forEach(function (part) {
      part.hidden = part.dataset.state !== state;
    });
  }

  function ask() {
    fetch(holder.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.redirected) {
          // Signed out meanwhile: the page itself shows the login.
          window.location.reload();
          return null;
        }
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        if (answer === null) {
          return;
        }
        if (answer.state === "ready") {
          show("ready");
          window.location.assign(holder.dataset.fileUrl);
        } else if (answer.state === "failed") {
          show("failed");
        } else {
          window.setTimeout(ask, pause);
        }
      })
      .catch(function () {
        pause = Math.min(pause * 2, 60000);
        window.setTimeout(ask, pause);
      });
  }

  window.setTimeout(ask, pause);
})();
