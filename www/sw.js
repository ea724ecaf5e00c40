// The service worker: the page works offline after one visit.
//
// It caches the app shell — the page, its modules, styles and the wasm core,
// listed with a version by `make web` in pkg/shell.js — in a cache named by
// that version. A new build is a new version: the browser sees pkg/shell.js
// change, installs this worker again, which fills a new cache and, once
// active, deletes the old ones.
//
// Network first: while online every request goes to the server as it did
// without this worker (a fresh build is served at once), and a good answer
// refreshes the cached copy; when the network fails, the cached copy
// answers. Only this origin's own shell files are handled; every other
// request (the sample corpus, remote images when the user turns them on) is
// left alone, and this worker never requests anything from another origin.
// The corpus itself is not here: it is stored by the page (store.js).
//
// It takes no page over (no `clients.claim()`): the page that registered it
// runs as it was loaded, and the next page load is the first it serves.

importScripts('./pkg/shell.js');

const { version, files } = self.JIANBAO_SHELL;
const CACHE = `jianbao-shell-${version}`;
const PREFIX = 'jianbao-shell-';
const scope = new URL(self.registration.scope);
const SHELL = new Set(files.map((file) => new URL(file, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Revalidated, so the cache holds this build, not what the HTTP cache kept.
    await cache.addAll(files.map((file) => new Request(new URL(file, scope), { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

/** The cache key of a request: the page's address without query (its fragment never reaches here). */
function shellKey(request) {
  const url = new URL(request.url);
  url.search = '';
  if (request.mode === 'navigate' && url.href.startsWith(scope.href)) return scope.href;
  return url.href;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== scope.origin) return;
  const key = shellKey(request);
  if (!SHELL.has(key)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok) event.waitUntil(cache.put(key, response.clone()));
      return response;
    } catch (error) {
      const cached = await cache.match(key);
      if (cached) return cached;
      throw error;
    }
  })());
});
