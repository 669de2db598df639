/* Plan editing: the plan's version travels with every htmx request, failed
   requests say so without touching the form, and what is typed survives a
   reload (kept in this browser's localStorage until the form is sent). */
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

  document.body.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("edit-alert");
    if (!box) return;
    var status = event.detail.xhr.status;
    box.textContent =
      status === 401 ? text("expired") : status === 403 ? text("forbidden") : text("failed").replace("{status}", status);
    box.classList.remove("d-none");
    box.scrollIntoView({ block: "center" });
  });
  document.body.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("edit-alert");
    if (!box) return;
    box.textContent = text("offline");
    box.classList.remove("d-none");
  });

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
    // The form itself, even when the swap has already taken it off the page.
    var form = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
    if (event.detail.successful && form && form.dataset && form.dataset.autosave !== undefined) {
      try { localStorage.removeItem(PREFIX + form.dataset.autosave); } catch (e) { /* ignore */ }
    }
  });

  watch(document);
  document.body.addEventListener("htmx:load", function (event) { watch(event.detail.elt); });
})();
