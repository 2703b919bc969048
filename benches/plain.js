// Baseline for `cargo xtask bench`: fetch one page of jobs and build the table with DOM calls.
const conn = JSON.parse(sessionStorage.getItem("pjc.connection"));
const auth = conn.kind === "ApiKey" ? "Basic " + btoa(conn.secret + ":") : "Bearer " + conn.secret;
const url = `${conn.base_url}/v1/projects/${encodeURIComponent(conn.project_id)}/jobs${location.search}`;
const resp = await fetch(url, { headers: { Authorization: auth, Accept: "application/json" } });
const list = await resp.json();
const tbody = document.querySelector("tbody");
const cell = (tr, text) => { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); };
for (const j of list.values) {
  const tr = document.createElement("tr");
  tr.dataset.jobId = j.id;
  const td = document.createElement("td");
  const a = document.createElement("a");
  a.href = `/projects/${conn.project_id}/jobs/${j.id}`;
  a.textContent = j.id;
  td.appendChild(a);
  tr.appendChild(td);
  cell(tr, j.type);
  cell(tr, j.target ? j.target.tableName : "");
  cell(tr, j.source ? `${j.source.type} ${j.source.connectionName || j.source.tableName || ""}` : "");
  cell(tr, j.executionStatus);
  cell(tr, j.health.status + (j.health.code ? `: ${j.health.code}` : ""));
  cell(tr, j.createdBy.username);
  cell(tr, new Date(j.createdTimestamp).toLocaleString());
  cell(tr, new Date(j.lastUpdatedTimestamp).toLocaleString());
  tbody.appendChild(tr);
}
performance.mark("pjc:first-rows");
