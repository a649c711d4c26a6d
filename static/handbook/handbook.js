// Sổ tay đảng viên: registers the service worker (the handbook's pages readable offline), shows a note when the
// phone is offline, and clears the saved pages on logout. The pages work without this script.
(function () {
  "use strict";
  var body = document.body;
  var note = document.querySelector("[data-offline-note]");

  function showOffline() {
    if (note) note.hidden = navigator.onLine !== false;
  }
  window.addEventListener("online", showOffline);
  window.addEventListener("offline", showOffline);
  showOffline();

  // logging out forgets what was saved for reading offline (a shared phone)
  document.querySelectorAll("form[data-clear-offline]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!("caches" in window)) return;
      event.preventDefault();
      var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (worker) worker.postMessage({ type: "forget" });
      caches.keys()
        .then(function (keys) {
          return Promise.all(keys.filter(function (k) { return k.indexOf("handbook-") === 0; }).map(function (k) { return caches.delete(k); }));
        })
        .catch(function () {})
        .then(function () { form.submit(); });
    });
  });

  if (!("serviceWorker" in navigator) || !body.dataset.sw) return;
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "saved") body.dataset.offline = "saved";
  });
  var controlled = !!navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register(body.dataset.sw, { scope: body.dataset.scope })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      // A first visit is saved by the worker's installation; a later visit online refreshes what is saved
      // (the next meeting may have changed).
      if (controlled && navigator.onLine !== false && registration.active) registration.active.postMessage({ type: "save" });
    })
    .catch(function () {});
})();
