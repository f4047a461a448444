// Idle-timeout warning: shows a banner before the session ends and lets the user extend it.
// Reads the server's remaining time, so several tabs agree; typing elsewhere is kept.
(function () {
  "use strict";
  var banner = null;
  // How often to ask the server (seconds): data-poll-seconds on this script tag, default 30.
  var script = document.currentScript;
  var every = Number(script && script.getAttribute("data-poll-seconds")) || 30;
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  function show(seconds) {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "govuk-notification-banner app-session-warning";
      banner.setAttribute("role", "alertdialog");
      banner.setAttribute("aria-labelledby", "session-warning-text");
      banner.innerHTML =
        '<div class="govuk-notification-banner__content">' +
        '<p class="govuk-notification-banner__heading" id="session-warning-text"></p>' +
        '<button type="button" class="govuk-button" id="session-extend">Stay signed in</button></div>';
      document.body.appendChild(banner);
      document.getElementById("session-extend").addEventListener("click", extend);
    }
    var minutes = Math.max(1, Math.ceil(seconds / 60));
    document.getElementById("session-warning-text").textContent =
      "You will be signed out in " + minutes + (minutes === 1 ? " minute" : " minutes") +
      " because you have not done anything. Your report is saved as you type.";
    banner.hidden = false;
    document.getElementById("session-extend").focus();
  }
  function extend() {
    fetch("/session/extend", {method: "POST", headers: {"X-CSRFToken": csrf()}, credentials: "same-origin"})
      .then(function () { if (banner) { banner.hidden = true; } });
  }
  function poll() {
    fetch("/session", {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.seconds_left <= data.warn_at) { show(data.seconds_left); }
        else if (banner) { banner.hidden = true; }
      }).catch(function () {});
  }
  window.reportsvcSession = {poll: poll, extend: extend};
  setInterval(poll, every * 1000);
})();
