/* Upload: POST /calls/batch, then poll GET /jobs?batch_id=… until every job has finished. */
"use strict";
(() => {
  const { el, api } = cs;
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("files");
  const chosen = document.getElementById("chosen");
  const send = document.getElementById("send");
  const clear = document.getElementById("clear");
  const jobsBox = document.getElementById("jobs");
  let files = [];

  const size = (n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);
  function show() {
    chosen.replaceChildren(...files.map((f, i) => {
      const remove = el("button", { class: "btn btn-small", type: "button", "aria-label": `Remove ${f.name}` }, "Remove");
      remove.addEventListener("click", () => { files.splice(i, 1); show(); });
      return el("li", { class: "file" }, el("span", {}, el("b", {}, f.name), " ",
        el("span", { class: "muted" }, f.name.endsWith(".meta.json") ? "sidecar · " : "", size(f.size))), remove);
    }));
    send.disabled = !files.length;
    send.textContent = files.length ? `Upload ${files.length} file${files.length === 1 ? "" : "s"}` : "Upload";
    clear.hidden = !files.length;
  }
  function add(list) {
    const names = new Set(files.map((f) => f.name));
    files.push(...[...list].filter((f) => !names.has(f.name)));
    show();
  }

  input.addEventListener("change", () => { add(input.files); input.value = ""; });
  zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } });
  for (const ev of ["dragenter", "dragover"]) zone.addEventListener(ev, (e) => { e.preventDefault(); zone.classList.add("over"); });
  for (const ev of ["dragleave", "drop"]) zone.addEventListener(ev, (e) => { e.preventDefault(); zone.classList.remove("over"); });
  zone.addEventListener("drop", (e) => add(e.dataTransfer.files));
  clear.addEventListener("click", () => { files = []; show(); });

  function jobItem(job) {
    const done = job.state === "succeeded" || job.state === "failed";
    let why = "Waiting in the queue…";
    if (job.state === "running") why = `Reading the call… ${Math.round(job.progress * 100)}%`;
    if (job.state === "succeeded") why = el("span", {}, "Ready: ", el("a", { href: cs.callHref(job.call_id || job.external_id) }, job.external_id || "open the call"));
    if (job.state === "failed") why = job.error || "failed";
    return el("li", { class: `file ${job.state}`, dataset: { state: job.state } },
      el("b", {}, job.filename || job.id), cs.badge("state", job.state),
      done ? null : el("progress", { max: "1", value: String(job.progress || 0), "aria-label": `Progress of ${job.filename}` }),
      el("p", { class: "why" }, why));
  }

  async function watch(batchId, jobs) {
    // Counts come from GET /batches/{id}: the job list is capped at 1,000 rows, and a big zip
    // can hold more files than that.
    const box = document.getElementById("jobs-summary");
    jobsBox.replaceChildren(...jobs.map(jobItem));  // the batch's first answer, at once
    for (;;) {
      let summary;
      try {
        summary = await api(`/batches/${encodeURIComponent(batchId)}`);
        jobs = await api("/jobs", { batch_id: batchId, limit: 1000 });
      } catch (err) { box.textContent = `Lost track of the jobs: ${err.message}`; return; }
      jobsBox.replaceChildren(...jobs.map(jobItem));
      const ok = summary.counts.succeeded || 0, bad = summary.counts.failed || 0;
      const shown = summary.total > jobs.length ? ` (the first ${jobs.length} are listed)` : "";
      box.textContent = `${ok} ready, ${bad} failed, ${summary.total - ok - bad} in progress${shown}`;
      if (summary.done) return;
      await new Promise((r) => setTimeout(r, 800));
    }
  }

  document.getElementById("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!files.length) return;
    const body = new FormData();
    files.forEach((f) => body.append("files", f, f.name));
    send.disabled = true;
    send.textContent = "Uploading…";
    document.getElementById("jobs-section").hidden = false;
    try {
      const batch = await api("/calls/batch", null, { method: "POST", body });
      files = [];
      show();
      await watch(batch.batch_id, batch.jobs);
    } catch (err) {
      cs.state(jobsBox, "error", `The upload was refused: ${err.message}`);
      show();
    }
  });
})();
