// Presence on the article change form (articles/presence.py). Tells the
// server that this form is open and whether it holds unsaved changes (at
// once, when that changes, and every heartbeat), and shows who else has the
// article open. Without this script the server still shows them when the
// page loads and checks again at save.
(function () {
  "use strict";
  var banner = document.getElementById("presence");
  var form = document.getElementById("article_form");
  if (!banner || !form || !banner.dataset.presenceUrl) {
    return;
  }
  var url = banner.dataset.presenceUrl;
  var seconds = Number(banner.dataset.heartbeatSeconds) || 60;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var list = banner.querySelector(".presence__list");
  var snapshot = serialise();
  var unsaved = false;
  var submitting = false;

  function serialise() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function message(state) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    data.append("state", state);
    return data;
  }

  function show(lines) {
    list.replaceChildren.apply(list, lines.map(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      return item;
    }));
    banner.hidden = lines.length === 0;
  }

  function beat() {
    fetch(url, {method: "POST", body: message(unsaved ? "unsaved" : "saved"), credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) { show(answer.editing); } })
      .catch(function () { /* offline for a moment: the next beat tries again */ });
  }

  function checkForChanges() {
    var changed = serialise() !== snapshot;
    if (changed !== unsaved) {
      unsaved = changed;
      beat();
    }
  }

  form.addEventListener("input", checkForChanges);
  form.addEventListener("change", checkForChanges);
  form.addEventListener("submit", function () { submitting = true; });
  // Leaving without saving gives the lease up; a save renews it on the server.
  window.addEventListener("pagehide", function () {
    if (!submitting) {
      navigator.sendBeacon(url, message("closed"));
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {  // back from the browser's page cache
      submitting = false;
      beat();
    }
  });
  beat();
  window.setInterval(beat, seconds * 1000);
}());
