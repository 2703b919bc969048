// The first request of a jobs list opened directly, sent while the app itself still downloads
// (the app is WebAssembly: it could only ask once it has loaded). It reads the connection the
// app stored, like the app does, and leaves the answer in `window.pjcFirstList`. The app takes
// it only when it is exactly the request it would send for this view (same URL, see
// `api::early_list` in src/api/mod.rs); otherwise it aborts it and asks itself. Nothing is sent
// for other pages, without a stored connection, or for a credential that is not printable
// ASCII (the app encodes those itself).
//
// A job page or the connect page opened directly (or a list without a stored connection, which
// the app sends to the connect page): the release build keeps their code in chunks of their own
// (named in `<meta name="pjc-chunk-...">` by the build), fetched here with the app rather than
// after it has started.
//
// The build writes this script into index.html (`data-pjc-inline`, xtask/src/csp.rs), so it runs
// while the page is parsed, before anything else has downloaded; the Content-Security-Policy
// allows exactly this content by its sha256, in index.html and in deploy/security-headers.conf
// (a test says which hash when this file changes).
"use strict";
(() => {
  // The page's chunk and the chunks of code the pages share (a space-separated list).
  const preload = (page) => {
    const named = (name) => document.querySelector(`meta[name="pjc-chunk-${name}"]`)?.content ?? "";
    const chunk = named(page);
    if (!chunk) return;
    for (const href of [chunk, ...named("shared").split(" ").filter(Boolean)]) {
      const link = document.createElement("link");
      // The same request as the split loader's fetch (CORS mode, same-origin credentials).
      Object.assign(link, { rel: "preload", as: "fetch", href, crossOrigin: "anonymous" });
      document.head.append(link);
    }
  };
  // The app reads its remembered settings from localStorage as it starts; the browser opens that
  // storage on its first use (1-5 ms on a cold start, measured), so it is opened here, while the
  // app still downloads, and not on the way to the first rows. After the list request has left
  // (see the end): nothing waits on this, and that request should leave as early as it can.
  const openLocalStorage = () => {
    try {
      localStorage.getItem("pjc.autoRefresh");
    } catch {
      // Storage blocked: the app copes without it.
    }
  };
  start();
  openLocalStorage();

  // The request for a jobs list opened directly, or the chunks of another page.
  function start() {
    if (/^\/projects\/[^/?#]+\/jobs\/[^/?#]+$/.test(location.pathname)) return preload("job-page");
    if (location.pathname === "/") return preload("connect-page");
    const route = /^\/projects\/([^/?#]+)\/jobs$/.exec(location.pathname);
    if (!route) return;
    let conn;
    try {
      conn = JSON.parse(sessionStorage.getItem("pjc.connection") ?? localStorage.getItem("pjc.connection"));
    } catch {
      conn = null;
    }
    // Not connected: the app sends this list to the connect page.
    if (!conn) return preload("connect-page");
    if (typeof conn.secret !== "string" || typeof conn.base_url !== "string") return;
    if (!/^[\x20-\x7e]*$/.test(conn.secret)) return;
    const authorization =
      conn.kind === "ApiKey" ? "Basic " + btoa(conn.secret + ":") :
      conn.kind === "OAuthToken" ? "Bearer " + conn.secret : null;
    if (!authorization) return;
    const root = conn.base_url.trim().replace(/\/+$/, "");
    const url = `${root}/v1/projects/${route[1]}/jobs${location.search}`;
    const controller = new AbortController();
    const early = { url, abort: () => controller.abort() };
    // The body is read here, as it arrives, while the app downloads; the app finds it in
    // `early.got` (status, Retry-After, body) and goes on in the same task, with no await. The body
    // stays bytes: the app copies them into its memory in one go (text would cross character by
    // character).
    early.answer = fetch(url, {
      headers: { Authorization: authorization, Accept: "application/json" },
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller.signal,
    }).then((r) =>
      r.arrayBuffer().then(
        (buffer) => (early.got = { status: r.status, retryAfter: r.headers.get("retry-after"), body: new Uint8Array(buffer) }),
      ),
    );
    // A failure is the app's to see (it asks again); no unhandled rejection in the console.
    early.answer.catch(() => {});
    window.pjcFirstList = early;
  }
})();
