// The chair's outcome page: the engine's advice on each plan action as the chair types.
// Works on top of the plain form: without this script the "Check actions" button gives the
// same advice. User text is only ever put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("outcome-form");
  if (!form) { return; }
  var url = form.getAttribute("data-check-url");
  var DELAY = 700;
  var timers = {};

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { return meta.getAttribute("content"); }
    var input = form.querySelector('input[name="csrf_token"]');
    return input ? input.value : "";
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function value(n, name) {
    var field = document.getElementById("a-" + n + "-" + name);
    return field ? field.value : "";
  }
  function render(n, advice) {
    var box = document.getElementById("a-" + n + "-advice");
    if (!box) { return; }
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!advice.length) {
      box.appendChild(el("p", "govuk-body-s", "No problems found in this action."));
      return;
    }
    var list = el("ul", "govuk-list app-feedback__list");
    advice.forEach(function (item) {
      var li = el("li", "app-feedback__item app-feedback__item--warning");
      var head = el("p", "govuk-body govuk-!-margin-bottom-1");
      var strong = el("strong", "", item.check === "vague-language" ? "Vague" : "Not yet SMART");
      if (item.text) {
        strong.appendChild(document.createTextNode(": "));
        strong.appendChild(el("mark", "app-flag", item.text));
      }
      head.appendChild(strong);
      li.appendChild(head);
      li.appendChild(el("p", "govuk-body govuk-!-margin-bottom-1", item.message));
      if (item.suggestion) {
        var better = el("p", "govuk-body app-feedback__suggestion");
        better.appendChild(el("span", "govuk-!-font-weight-bold", "A better way: "));
        better.appendChild(document.createTextNode(item.suggestion));
        li.appendChild(better);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  function check(n) {
    var body = {
      who: value(n, "who"), what: value(n, "what"),
      by_when: value(n, "by_when"), how_we_will_know: value(n, "how_we_will_know")
    };
    if (!body.who && !body.what && !body.how_we_will_know) { return; }
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && data.advice) { render(n, data.advice); }
    }).catch(function () { /* the Check actions button still works */ });
  }
  form.addEventListener("input", function (event) {
    var match = /^a-(\d+)-/.exec(event.target.id || "");
    if (!match) { return; }
    var n = match[1];
    clearTimeout(timers[n]);
    timers[n] = setTimeout(function () { check(n); }, DELAY);
  });
})();
