/* Plan editing: the plan's version travels with every htmx request, failed
   requests (an error status, no connection, no answer in time) say so above
   the page without touching the form, and what is typed survives a reload
   (kept in this browser's localStorage until the form is sent). */
(function () {
  "use strict";

  // The messages come translated from the page (plans/includes/_edit_script.html).
  function text(name) {
    var holder = document.getElementById("plan-edit-text");
    return holder ? holder.dataset[name] || "" : "";
  }

  function currentVersion() {
    var input = document.getElementById("plan-version");
    return input ? input.value : null;
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    var version = currentVersion();
    if (version !== null && event.detail.verb !== "get") {
      event.detail.parameters.version = version;
    }
  });

  // A request that fails must say so, wherever the user is on the page: the
  // alert sticks to the top of the window, the page does not jump away from
  // the form, and htmx leaves the form (and what was typed) as it is.
  var failedElt = null;

  function showAlert(message, elt) {
    var box = document.getElementById("edit-alert");
    if (!box) return;
    document.getElementById("edit-alert-text").textContent = message;
    box.classList.remove("d-none");
    failedElt = elt || null;
  }

  function hideAlert() {
    var box = document.getElementById("edit-alert");
    if (box) box.classList.add("d-none");
    failedElt = null;
  }

  var closeButton = document.getElementById("edit-alert-close");
  if (closeButton) closeButton.addEventListener("click", hideAlert);

  // The element that sent the request, even when its answer has already
  // swapped it off the page (htmx then fires on an ancestor).
  function sender(detail) {
    return (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
  }

  function isRead(detail) {
    return ((detail.requestConfig && detail.requestConfig.verb) || "get").toLowerCase() === "get";
  }

  function statusMessage(status, read) {
    if (status === 401) return text("expired");
    if (status === 403) return text("forbidden");
    if (read) return text("openFailed").replace("{status}", status);
    if (status === 404) return text("missing");
    if (status === 409) return text("conflict");
    if (status === 503) return text("busy");
    return text("failed").replace("{status}", status);
  }

  // Any answer outside 2xx: htmx swaps nothing and fires this.
  document.body.addEventListener("htmx:responseError", function (event) {
    showAlert(statusMessage(event.detail.xhr.status, isRead(event.detail)), sender(event.detail));
  });
  // No answer at all: offline, the server down, the connection cut.
  document.body.addEventListener("htmx:sendError", function (event) {
    showAlert(text("offline"), sender(event.detail));
  });
  document.body.addEventListener("htmx:timeout", function (event) {
    showAlert(text("timeout"), sender(event.detail));
  });
  // A retry of the same form that goes through clears its message.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && failedElt !== null && sender(event.detail) === failedElt) hideAlert();
  });
  // Longer than the server's own wait for a busy database (20 s), so that
  // its "busy" answer arrives first; without a limit a lost answer would
  // leave the form waiting in silence.
  if (window.htmx) window.htmx.config.timeout = 30000;

  var PREFIX = "htxplan:autosave:";

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }

  function save(form) {
    var data = { version: currentVersion(), values: {} };
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        data.values[el.name + "=" + el.value] = el.checked;
      } else {
        data.values[el.name] = el.value;
      }
    });
    try { localStorage.setItem(PREFIX + form.dataset.autosave, JSON.stringify(data)); } catch (e) { /* full or private mode */ }
  }

  function restore(form) {
    var raw;
    try { raw = localStorage.getItem(PREFIX + form.dataset.autosave); } catch (e) { return; }
    if (!raw) return;
    var data = JSON.parse(raw);
    // A form over existing text is restored only if nobody saved since:
    // otherwise it would quietly bring back what someone else changed.
    if (form.dataset.autosaveNew === undefined && data.version !== currentVersion()) {
      localStorage.removeItem(PREFIX + form.dataset.autosave);
      return;
    }
    var changed = false;
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var key = el.name + "=" + el.value;
        if (key in data.values && el.checked !== data.values[key]) { el.checked = data.values[key]; changed = true; }
      } else if (el.name in data.values && el.value !== data.values[el.name]) {
        el.value = data.values[el.name];
        changed = true;
      }
    });
    if (changed) {
      var note = document.createElement("div");
      note.className = "alert alert-info py-1 px-2 small autosave-note";
      note.textContent = text("restored");
      var first = fields(form)[0];
      var anchor = first && first.closest(".mb-3") ? first.closest(".mb-3") : form.firstChild;
      anchor.parentNode.insertBefore(note, anchor);
    }
  }

  function watch(root) {
    var forms = root.querySelectorAll ? root.querySelectorAll("form[data-autosave]") : [];
    Array.prototype.forEach.call(forms, function (form) {
      if (form.dataset.autosaveReady) return;
      form.dataset.autosaveReady = "1";
      // A form the server sent back with errors already shows what was typed.
      if (!document.querySelector(".is-invalid")) restore(form);
      // A form over existing text keeps its copy when sent: a save refused
      // (expired session, lost connection) finds the text again on reload,
      // and a save that went through bumps the plan's version, which drops
      // the copy on the next restore. A form for a new item is emptied once
      // the server has taken it (htmx:afterRequest below).
    });
  }

  // Fields may sit outside their form's element (the form="" attribute), so
  // typing is watched on the document and traced to the field's form.
  function remember(event) {
    var form = event.target.form;
    if (form && form.dataset.autosave) save(form);
  }
  document.addEventListener("input", remember);
  document.addEventListener("change", remember);

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = sender(event.detail);
    if (event.detail.successful && form && form.dataset && form.dataset.autosave !== undefined) {
      try { localStorage.removeItem(PREFIX + form.dataset.autosave); } catch (e) { /* ignore */ }
    }
  });

  watch(document);
  document.body.addEventListener("htmx:load", function (event) { watch(event.detail.elt); });
})();
