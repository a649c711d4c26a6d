// Service worker of the Sổ tay đảng viên, served at /so-tay/sw.js (scope /so-tay/).
//
// * On install and whenever a handbook page asks ("save"), it saves what /so-tay/ngoai-tuyen.json lists: the
//   shell (offline page, style, script, icon) and the member's pages (the handbook, the next meeting's page and
//   its documents).
// * Pages: network first, the saved copy when the network fails or is too slow (weak connections), the offline
//   page when nothing was saved. Every handbook page read online is saved too.
// * Static files of the handbook: the saved copy at once, refreshed in the background.
// * The saved pages belong to one login: another user's list, or a redirect to the login page, drops them.
"use strict";

var VERSION = "1";
var SHELL = "handbook-shell-" + VERSION;
var PAGES = "handbook-pages";
var SCOPE = new URL("./", self.location).pathname; // "/so-tay/"
var LIST = SCOPE + "ngoai-tuyen.json";
var OFFLINE = SCOPE + "ngoai-tuyen/";
var OWNER = SCOPE + "__owner__";
var SLOW_MS = 6000;

// when the member last logged out from the handbook: a save begun before it writes nothing more
var forgottenAt = 0;

function save(cache, url, startedAt) {
  return fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "follow" })
    .then(function (response) {
      if (response.ok && !response.redirected && startedAt > forgottenAt) return cache.put(url, response);
    })
    .catch(function () {});
}

function dropPages() {
  return caches.delete(PAGES);
}

function saveAll() {
  var startedAt = Date.now();
  return fetch(LIST, { credentials: "same-origin", cache: "no-store" })
    .then(function (response) {
      if (!response.ok || response.redirected) throw new Error("list");
      return response.json();
    })
    .then(function (list) {
      var shell = caches.open(SHELL).then(function (cache) {
        return Promise.all(list.shell.map(function (url) { return save(cache, url, startedAt); }));
      });
      if (!list.owner) return Promise.all([shell, dropPages()]).then(function () { return 0; });
      var pages = caches
        .match(OWNER, { cacheName: PAGES })
        .then(function (owner) { return owner ? owner.text() : ""; })
        .then(function (previous) { return previous && previous !== list.owner ? dropPages() : null; })
        .then(function () { return startedAt > forgottenAt ? caches.open(PAGES) : null; })
        .then(function (cache) {
          if (!cache) return;
          return cache.put(OWNER, new Response(list.owner)).then(function () {
            return Promise.all(list.pages.map(function (url) { return save(cache, url, startedAt); }));
          });
        });
      return Promise.all([shell, pages]).then(function () { return list.pages.length; });
    });
}

self.addEventListener("install", function (event) {
  event.waitUntil(saveAll().catch(function () {}).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (keys) {
        return Promise.all(
          keys
            .filter(function (k) { return k.indexOf("handbook-shell-") === 0 && k !== SHELL; })
            .map(function (k) { return caches.delete(k); })
        );
      })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget") {
    forgottenAt = Date.now() + 1;
    event.waitUntil(dropPages());
    return;
  }
  if (!event.data || event.data.type !== "save") return;
  var source = event.source;
  event.waitUntil(
    saveAll()
      .then(function (n) { if (source) source.postMessage({ type: "saved", pages: n }); })
      .catch(function () { if (source) source.postMessage({ type: "save-failed" }); })
  );
});

function fromCache(request) {
  return caches.match(request, { ignoreVary: true });
}

function page(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (response.type === "opaqueredirect" || (response.redirected && new URL(response.url).pathname.indexOf(SCOPE) !== 0)) {
      // sent to the login page: the session is over, forget the member's pages
      return dropPages().then(function () { return response; });
    }
    // pages read online are saved too (files only through the list, which caps their size)
    if (response.ok && (response.headers.get("Content-Type") || "").indexOf("text/html") === 0 && Date.now() > forgottenAt) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  });
  return fromCache(request).then(function (saved) {
    if (!saved) {
      return network.catch(function () {
        return fromCache(OFFLINE).then(function (offline) {
          return offline || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
        });
      });
    }
    // a saved copy exists: the network if it answers in time, else the saved copy
    var slow = new Promise(function (resolve) { setTimeout(function () { resolve(saved); }, SLOW_MS); });
    return Promise.race([network.catch(function () { return saved; }), slow]);
  });
}

function asset(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(SHELL).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  });
  return fromCache(request).then(function (saved) {
    if (saved) {
      event.waitUntil(network.catch(function () {}));
      return saved;
    }
    return network;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === SCOPE + "sw.js" || url.pathname === LIST) return;
  if (url.pathname.indexOf(SCOPE) === 0) {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf("/static/handbook/") === 0) {
    event.respondWith(asset(event));
  }
});
