// The script half of src/list/first_load.rs (its contract is written there). The build writes this
// script into index.html, where it runs while the page is parsed, before anything else has
// downloaded; the Content-Security-Policy allows exactly this content by its sha256, in
// index.html (written by the build) and in deploy/security-headers.conf (a test prints the hash
// to put there when this file changes).
//
// A jobs list opened directly: its first request leaves now, while the app (WebAssembly) still
// downloads, and its answer waits for the app in `window[GLOBAL]`. A job page, the new-job page,
// the Tables page or the connect page opened directly: its code (its chunk and the shared chunks
// it needs, named by the build in `<meta name="pjc-chunk-...">`) is fetched now, with the app
// rather than after it. Any page: the list's remembered columns and density are set on the root
// element.
"use strict";
(() => {
  // Facts shared with the app; tests/first_load.rs fails when they drift from it.
  const CONNECTION_KEY = "pjc.connection"; // session::CONNECTION_KEY
  const REVOKED_KEY = "pjc.revoked"; // session::REVOKED_KEY
  const REJECTED_KEY = "pjc.rejected"; // session::REJECTED_KEY
  const USED_KEY = "pjc.used"; // session::USED_KEY
  const TAB_IDLE_MS = 43200000; // session::TAB_IDLE_MS
  const MAX_BODY_BYTES = 33554432; // api::MAX_BODY_BYTES
  const GLOBAL = "pjcFirstList"; // first_load::EARLY_GLOBAL
  const TIME_LIMIT_MS = 20000; // api::TIMEOUT_SECONDS
  const COLUMNS_KEY = "pjc.columns"; // settings::COLUMNS_KEY
  const DEFAULT_HIDDEN = "duration"; // settings::DEFAULT_HIDDEN
  const COMPACT_KEY = "pjc.compact"; // settings::COMPACT_KEY
  const LIST_ROUTE = /^\/projects\/([^/?#]+)\/jobs\/?$/; // router::Route::Jobs
  const NEW_JOB_ROUTE = /^\/projects\/[^/?#]+\/jobs\/new\/?$/; // router::Route::NewJob
  const JOB_ROUTE = /^\/projects\/[^/?#]+\/jobs\/[^/?#]+\/?$/; // router::Route::Job
  const TABLES_ROUTE = /^\/projects\/[^/?#]+\/tables\/?$/; // router::Route::Tables
  // The list's query as the app writes it (list_view::list_page_url): these keys in this order;
  // a chip group's values known, each once, in this order; defaults (sort by last update,
  // descending, 100 rows, the first page) left out.
  const QUERY = [
    ["type", ["batch", "streaming", "sql", "delete_data", "drop_table", "restore_data"]],
    ["executionStatus", ["pending", "running", "completed", "idle", "canceled", "failed", "suspended", "unknown"]],
    ["healthStatus", ["ok", "warn", "error"]],
    ["connectionName", "repeated"],
    ["targetTableName", "text"],
    ["targetTableId", "text"],
    ["searchString", "text"],
    ["sortColumn", ["created_date_time", "created_by_user_name", "execution_status", "source_name", "source_type", "target_table_name", "type"]],
    ["sortOrder", ["ASC"]],
    ["paginationLimit", ["25", "50", "250", "1000"]],
    ["paginationOffset", "offset"],
  ];

  // The page's chunk and the shared chunks it needs (a space-separated list).
  const preload = (page) => {
    const files = document.querySelector(`meta[name="pjc-chunk-${page}"]`)?.content ?? "";
    for (const href of files.split(" ").filter(Boolean)) {
      const link = document.createElement("link");
      // The same request as the split loader's fetch (CORS mode, same-origin credentials).
      Object.assign(link, { rel: "preload", as: "fetch", href, crossOrigin: "anonymous" });
      document.head.append(link);
    }
  };

  // The Authorization header of a stored connection (api::Connection::authorization); null for
  // anything else, and for a secret that is not printable ASCII (the app encodes those itself).
  const authorization = (conn) => {
    if (typeof conn?.secret !== "string" || !/^[\x20-\x7e]*$/.test(conn.secret)) return null;
    if (conn.kind === "ApiKey") return "Basic " + btoa(conn.secret + ":");
    if (conn.kind === "OAuthToken") return "Bearer " + conn.secret;
    return null;
  };

  // session::judge: a stored connection made before the last Disconnect on this device, or
  // rejected (401; the times of rejected connections' making), or kept for this tab and unused
  // for 12 hours, is stale.
  const stale = (conn) => {
    const time = (text) => (/^\d+$/.test(text?.trim()) ? Number(text) : NaN);
    const made = Number.isInteger(conn.made) ? conn.made : 0;
    if (made <= time(localStorage.getItem(REVOKED_KEY))) return true;
    if ((localStorage.getItem(REJECTED_KEY) ?? "").split(" ").some((stamp) => time(stamp) === made)) return true;
    const used = Math.max(time(sessionStorage.getItem(USED_KEY)) || 0, made);
    return !conn.remember && Date.now() - used > TAB_IDLE_MS;
  };

  // session::load: this tab's connection, else this device's; a stale one deleted, not used.
  const stored = () => {
    for (const storage of [sessionStorage, localStorage]) {
      let conn;
      try {
        conn = JSON.parse(storage.getItem(CONNECTION_KEY));
      } catch {}
      if (typeof conn?.secret !== "string") continue;
      if (!stale(conn)) return conn;
      storage.removeItem(CONNECTION_KEY);
    }
    return null;
  };

  // api::read_capped: the body read as it arrives and counted; past MAX_BODY_BYTES (or a
  // Content-Length over it, only an early hint) the request is aborted and only the size kept.
  const readCapped = async (response, controller) => {
    let size = Number(response.headers.get("content-length"));
    const parts = [];
    if (!(size > MAX_BODY_BYTES)) {
      size = 0;
      const reader = response.body?.getReader();
      for (let chunk; reader && !(chunk = await reader.read()).done; ) {
        parts.push(chunk.value);
        if ((size += chunk.value.length) > MAX_BODY_BYTES) break;
      }
    }
    if (size > MAX_BODY_BYTES) return controller.abort(), { size };
    const body = new Uint8Array(size);
    parts.reduce((at, part) => (body.set(part, at), at + part.length), 0);
    return { size, body };
  };

  // jobs_api::filter::encode_component: every byte but ALPHA, DIGIT and -_.~ as %XX.
  const encode = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

  // Whether `search` is a query the app writes itself: only then is the request sent early (any
  // other is the app's to read leniently, and to send in its own form).
  const canonical = (search) => {
    if (search === "") return true;
    let [at, seen] = [0, -1];
    for (const pair of search.slice(1).split("&")) {
      const eq = pair.indexOf("=");
      const key = QUERY.findIndex(([name]) => name === pair.slice(0, eq));
      if (eq < 0 || key < at) return false;
      let value;
      try {
        value = decodeURIComponent(pair.slice(eq + 1));
      } catch {
        return false;
      }
      if (encode(value) !== pair.slice(eq + 1)) return false;
      const rule = QUERY[key][1];
      const again = key === at && seen >= 0;
      if (Array.isArray(rule)) {
        const i = rule.indexOf(value);
        if (i < 0 || (again && i <= seen)) return false;
        seen = i;
      } else {
        if (again && rule !== "repeated") return false;
        if (rule === "offset" ? !/^[1-9][0-9]*$/.test(value) || BigInt(value) >= 2n ** 64n : value.trim() === "") return false;
        seen = 0;
      }
      at = key;
    }
    return true;
  };

  const start = () => {
    if (NEW_JOB_ROUTE.test(location.pathname)) return preload("new-job-page");
    if (JOB_ROUTE.test(location.pathname)) return preload("job-page");
    if (TABLES_ROUTE.test(location.pathname)) return preload("tables-page");
    if (location.pathname === "/") return preload("connect-page");
    const route = LIST_ROUTE.exec(location.pathname);
    if (!route || !canonical(location.search)) return;
    let conn;
    try {
      conn = stored();
    } catch {
      conn = null;
    }
    // Not connected: the app sends this list to the connect page.
    if (!conn) return preload("connect-page");
    const header = authorization(conn);
    if (!header || typeof conn.base_url !== "string") return;
    // api::list_jobs_url: the API root without trailing slashes, and the page's own query.
    const root = conn.base_url.trim().replace(/\/+$/, "");
    const url = `${root}/v1/projects/${route[1]}/jobs${location.search}`;
    const controller = new AbortController();
    const early = { url, controller };
    // The same time limit as every request of the app: the app reads `timedOut`.
    const timer = setTimeout(() => {
      early.timedOut = true;
      controller.abort();
    }, TIME_LIMIT_MS);
    // The body is read here, as it arrives; the app finds it in `early.got` and goes on in the
    // same task, with no await. It stays bytes: the app copies them into its memory in one go
    // (text would cross character by character). Too large: no body, its size in `tooLarge`.
    early.answer = fetch(url, {
      headers: { Authorization: header, Accept: "application/json" },
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller.signal,
    })
      .then((r) =>
        readCapped(r, controller).then(({ size, body }) => {
          early.got = { status: r.status, retryAfter: r.headers.get("retry-after"), body, tooLarge: body ? null : size };
        }),
      )
      .finally(() => clearTimeout(timer));
    // A failure is the app's to see; no unhandled rejection in the console.
    early.answer.catch(() => {});
    window[GLOBAL] = early;
  };

  start();
  // The jobs list's hidden columns and compact rows (pages::list_controls), on the root element
  // before the first paint. Reading localStorage also opens it while the app still downloads
  // (the browser opens it on first use: 1-5 ms on a cold start, measured), after the list
  // request has left.
  const root = document.documentElement;
  root.dataset.hide = DEFAULT_HIDDEN;
  try {
    root.dataset.hide = localStorage.getItem(COLUMNS_KEY) ?? DEFAULT_HIDDEN;
    if (localStorage.getItem(COMPACT_KEY)) root.dataset.compact = "";
  } catch {
    // Storage blocked: the app copes without it.
  }
})();
