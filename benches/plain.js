// Baseline for `cargo xtask bench`: fetch one page of jobs and build the same table as the app
// (a selection box, the short ID linked with the whole ID as its name and tooltip, the table and
// the connection as filter links, the times, the duration) with DOM calls.
const conn = JSON.parse(sessionStorage.getItem("pjc.connection"));
const auth = conn.kind === "ApiKey" ? "Basic " + btoa(conn.secret + ":") : "Bearer " + conn.secret;
const url = `${conn.base_url}/v1/projects/${encodeURIComponent(conn.project_id)}/jobs${location.search}`;
const resp = await fetch(url, { headers: { Authorization: auth, Accept: "application/json" } });
const list = await resp.json();
const tbody = document.querySelector("tbody");
const td = (tr) => tr.appendChild(document.createElement("td"));
const cell = (tr, text) => { td(tr).textContent = text; };
const link = (parent, href, text) => {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return parent.appendChild(a);
};
const time = (tr, ts) => {
  const t = document.createElement("time");
  t.dateTime = ts;
  t.textContent = new Date(ts).toLocaleString();
  td(tr).appendChild(t);
};
for (const j of list.values) {
  const tr = document.createElement("tr");
  tr.dataset.jobId = j.id;
  const table = j.target ? j.target.tableName : "";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.setAttribute("aria-label", `Select job ${table || j.type} (${j.id})`);
  td(tr).appendChild(box);
  const a = link(td(tr), `/projects/${conn.project_id}/jobs/${j.id}`, j.id.slice(0, 8));
  a.setAttribute("aria-label", j.id);
  a.title = j.id;
  cell(tr, j.type);
  const t = td(tr);
  if (table) link(t, `?targetTableName=${encodeURIComponent(table)}`, table);
  const s = td(tr);
  if (j.source) {
    s.textContent = j.source.type + " ";
    const c = j.source.connectionName;
    if (c) link(s, `?connectionName=${encodeURIComponent(c)}`, c);
    else s.append(j.source.tableName || "");
  }
  cell(tr, j.executionStatus);
  cell(tr, j.health.status + (j.health.code ? `: ${j.health.code}` : ""));
  cell(tr, j.createdBy.username);
  time(tr, j.createdTimestamp);
  time(tr, j.lastUpdatedTimestamp);
  const ran = Date.parse(j.startedTimestamp), ended = Date.parse(j.completedTimestamp);
  cell(tr, ended >= ran ? `${Math.round((ended - ran) / 1000)} s` : "");
  tbody.appendChild(tr);
}
performance.mark("pjc:first-rows");
