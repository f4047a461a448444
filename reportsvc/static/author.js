// The author's report page: live feedback as you type, and autosave.
// Works on top of the plain form: without this script, Save and Submit still work.
// User text is only ever put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var versionInput = document.getElementById("version");
  var checkTimer = null, saveTimer = null, saving = false, pending = false, blocked = false;
  var CHECK_DELAY = 700, SAVE_DELAY = 2500;

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "action" && typeof value === "string") {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify(body)
    });
  }
  function setStatus(text) { if (status) { status.textContent = text; } }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function renderItem(item) {
    var li = el("li", "app-feedback__item app-feedback__item--" + item.severity);
    var head = el("p", "govuk-body govuk-!-margin-bottom-1");
    head.appendChild(el("strong", "", item.label));
    li.appendChild(head);
    if (item.text) {
      var quote = el("p", "govuk-body app-feedback__quote");
      quote.appendChild(document.createTextNode(item.before));
      var mark = el("mark", "app-flag");
      mark.appendChild(el("span", "govuk-visually-hidden", "Flagged words: "));
      mark.appendChild(document.createTextNode(item.text));
      quote.appendChild(mark);
      quote.appendChild(document.createTextNode(item.after));
      li.appendChild(quote);
    }
    li.appendChild(el("p", "govuk-body govuk-!-margin-bottom-1", item.message));
    if (item.suggestion) {
      var better = el("p", "govuk-body app-feedback__suggestion");
      better.appendChild(el("span", "govuk-!-font-weight-bold", "A better way: "));
      better.appendChild(document.createTextNode(item.suggestion));
      li.appendChild(better);
    }
    return li;
  }
  function showFeedback(data) {
    document.querySelectorAll("[data-feedback-for]").forEach(function (box) {
      var key = box.getAttribute("data-feedback-for");
      var list = box.querySelector(".app-feedback__list");
      var none = box.querySelector(".app-feedback__none");
      var items = data.sections[key] || [];
      list.replaceChildren.apply(list, items.map(renderItem));
      if (none) { none.hidden = items.length > 0; }
    });
    var checklist = document.getElementById("checklist-items");
    if (checklist) {
      checklist.replaceChildren.apply(checklist, data.checklist.map(function (entry) {
        var li = el("li");
        li.appendChild(el("strong", "", entry.label));
        li.appendChild(document.createTextNode(": " + entry.explanation));
        return li;
      }));
      var done = document.querySelector(".app-checklist__done");
      if (done) { done.hidden = data.checklist.length > 0; }
    }
    var grade = document.getElementById("checklist-grade");
    if (grade) {
      var labels = {good: "Good", requires_improvement: "Requires improvement", inadequate: "Inadequate"};
      grade.textContent = "Quality now: " + (labels[data.grade] || data.grade) + ", score " + data.score + " out of 100";
    }
  }

  function check() {
    post(form.getAttribute("data-check-url"), {fields: fields()})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { showFeedback(data); } })
      .catch(function () {});
  }
  // A failed save (the service busy or unreachable) is tried again by itself, waiting
  // longer each time (or as long as the server's Retry-After says), up to a minute.
  var failures = 0;
  function retryLater(seconds) {
    failures += 1;
    var wait = isNaN(seconds) ? Math.min(60, 2 * Math.pow(2, failures - 1)) : seconds;
    setStatus("Not saved yet: the service could not be reached. Trying again in " + wait +
              (wait === 1 ? " second" : " seconds") + "; nothing you typed is lost.");
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, wait * 1000);
  }
  function save() {
    if (blocked) { return; }
    if (saving) { pending = true; return; }
    saving = true;
    setStatus("Saving…");
    post(form.getAttribute("data-save-url"), {fields: fields()})
      .then(function (r) {
        var wait = parseInt(r.headers.get("Retry-After") || "", 10);
        return r.json().catch(function () { return {}; }).then(function (data) {
          return {status: r.status, data: data, wait: wait};
        });
      })
      .then(function (result) {
        if (result.status === 200) {
          failures = 0;
          versionInput.value = String(result.data.version);
          setStatus("Saved at " + result.data.saved_at_label);
        } else if (result.status === 409) {
          blocked = true;
          setStatus("Not saved: this report was changed in another tab or by someone else. " +
                    "Press Save draft to see both versions; nothing you typed is lost.");
        } else if (result.status === 401) {
          blocked = true;
          setStatus("Not saved: your session has ended. Press Save draft: you will be asked to " +
                    "sign in and your text will be kept.");
        } else if (result.status >= 500) {
          retryLater(result.wait);
        } else {
          var detail = (result.data.details || []).map(function (d) { return d.message; }).join("; ");
          setStatus("Not saved: " + (detail || result.data.error || "there is a problem"));
        }
      })
      .catch(function () { retryLater(NaN); })
      .then(function () {
        saving = false;
        if (pending) { pending = false; save(); }
      });
  }
  form.addEventListener("input", function () {
    clearTimeout(checkTimer);
    clearTimeout(saveTimer);
    checkTimer = setTimeout(check, CHECK_DELAY);
    saveTimer = setTimeout(save, SAVE_DELAY);
    setStatus("Unsaved changes");
  });
  form.addEventListener("submit", function () { clearTimeout(saveTimer); blocked = true; });
  window.reportsvcAuthor = {save: save, check: check};
})();
