// Web push, loaded only for a logged-in member when the deployment configures it (base.html):
// with the member's permission, this browser's FCM token becomes where their notices go
// (POST /push/web); logging out of this browser forgets it first (POST /push/web/forget).
(function () {
  "use strict";
  var SAVED = "chamabora-push-token";

  function post(url, token, csrf) {
    return fetch(url, { method: "POST", credentials: "same-origin",
                        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
                        body: JSON.stringify({ token: token }) });
  }

  function enrol(meta) {
    return navigator.serviceWorker.register(meta.getAttribute("data-worker")).then(function (worker) {
      if (!window.firebase.apps.length) { window.firebase.initializeApp(JSON.parse(meta.getAttribute("data-config"))); }
      return window.firebase.messaging().getToken({ vapidKey: meta.getAttribute("data-vapid"),
                                                    serviceWorkerRegistration: worker });
    }).then(function (token) {
      if (!token || window.localStorage.getItem(SAVED) === token) { return null; }
      return post(meta.getAttribute("data-register"), token, meta.getAttribute("data-csrf")).then(function (answer) {
        if (answer.ok) { window.localStorage.setItem(SAVED, token); }
      });
    });
  }

  function offerButton(meta) {
    var nav = document.querySelector(".top nav");
    if (!nav) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link push-ask";
    button.textContent = meta.getAttribute("data-ask");
    button.addEventListener("click", function () {
      window.Notification.requestPermission().then(function (answer) {
        if (answer === "granted") { button.remove(); enrol(meta); }
      });
    });
    nav.insertBefore(button, nav.firstChild);
  }

  function forgetOnLogout(meta) {
    document.querySelectorAll("form[action$='/logout']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var token = window.localStorage.getItem(SAVED);
        if (!token || form.getAttribute("data-forgotten")) { return; }
        event.preventDefault();
        form.setAttribute("data-forgotten", "1");
        window.localStorage.removeItem(SAVED);
        post(meta.getAttribute("data-forget"), token, meta.getAttribute("data-csrf"))
          .finally(function () { form.requestSubmit(event.submitter || undefined); });
      });
    });
  }

  function start() {
    var meta = document.querySelector("meta[name='chamabora-push']");
    if (!meta || !window.firebase || !("serviceWorker" in navigator) || !("Notification" in window)) { return; }
    forgetOnLogout(meta);
    if (window.Notification.permission === "granted") { enrol(meta).catch(function () {}); }
    else if (window.Notification.permission === "default") { offerButton(meta); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
