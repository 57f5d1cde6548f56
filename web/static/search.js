/* Search page: the URL carries the query; results come from GET /search. */
"use strict";
(() => {
  const { el, api, loading, failed, empty, state } = cs;
  const form = document.getElementById("search-form");
  const results = document.getElementById("results");
  const toolbar = document.getElementById("toolbar");
  const selectAll = document.getElementById("select-all");
  const exportButtons = [document.getElementById("export-csv"), document.getElementById("export-json")];
  const params = new URLSearchParams(location.search);
  const selected = new Map();
  let hits = [];

  cs.fillForm(form, params);
  const filterKeys = ["role", "speaker", "date_from", "date_to", "outcome", "type", "category", "theme", "tags"];
  if (filterKeys.some((k) => params.get(k))) document.getElementById("filters").open = true;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.search = cs.query(cs.formParams(form));
  });

  async function fillChoices() {
    const [themes, roster, trackers] = await Promise.all([
      api("/objections"), api("/roster"), api("/trackers")]);
    cs.options(document.getElementById("f-theme"),
      themes.themes.map((t) => [String(t.id), `#${t.id} ${t.label}`]), params.get("theme"));
    document.getElementById("speakers").replaceChildren(
      ...roster.reps.filter((r) => !r.includes("@")).map((r) => el("option", { value: r })));
    const cats = ["price", "timing", "authority", "no_need", "competitor", "trust", "implementation", "contract",
      "pain", "goal", "tool", "competitor", "title", "industry", ...trackers.map((t) => String(t.id))];
    document.getElementById("categories").replaceChildren(...[...new Set(cats)].map((c) => el("option", { value: c })));
  }

  function updateSelection() {
    const n = selected.size;
    exportButtons.forEach((b) => { b.disabled = n === 0; });
    exportButtons[0].textContent = n ? `Export CSV (${n})` : "Export CSV";
    exportButtons[1].textContent = n ? `Export JSON (${n})` : "Export JSON";
    selectAll.checked = n > 0 && n === hits.length;
    selectAll.indeterminate = n > 0 && n < hits.length;
  }

  function exportRows() {
    return hits.filter((h) => selected.has(h.sentence_id)).map((h) => ({
      quote: h.quote, speaker: h.speaker, role: h.role, speaker_title: h.speaker_title || "",
      company: h.speaker_company || h.account || "", call_title: h.call_title || "", external_id: h.external_id,
      call_date: h.call_date || "", timestamp: h.timestamp ?? "", outcome: h.outcome,
      attribution: cs.attribution(h), url: new URL(cs.callHref(h.call_id, h.sentence_id), location.origin).href,
    }));
  }

  // Transcript text is untrusted: a cell starting with = + - @ would run as a spreadsheet
  // formula when the export is opened, so such cells get a leading apostrophe.
  const csvCell = (v) => {
    const text = String(v ?? "");
    return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
  };
  exportButtons[0].addEventListener("click", () => {
    const rows = exportRows();
    const header = Object.keys(rows[0]);
    const text = [header.join(","), ...rows.map((r) => header.map((k) => csvCell(r[k])).join(","))].join("\r\n");
    cs.download("callsift-quotes.csv", "text/csv", text);
  });
  exportButtons[1].addEventListener("click", () => {
    cs.download("callsift-quotes.json", "application/json", JSON.stringify(exportRows(), null, 2));
  });
  selectAll.addEventListener("change", () => {
    results.querySelectorAll(".select-hit").forEach((box) => {
      if (box.checked !== selectAll.checked) box.click();
    });
  });

  async function run() {
    const q = params.get("q");
    if (!q) {
      const examples = ["the price is too high", "we already use a competitor", "I'd have to run it by my boss"];
      state(results, "empty", "Type what you are looking for, in your own words. For example:",
        el("p", { class: "chips" }, ...examples.map((x) => el("a", { class: "chip", href: `/ui/search?q=${encodeURIComponent(x)}` }, x))));
      return;
    }
    document.title = `${q} · Search · callsift`;
    loading(results, "Searching…");
    const p = {};
    for (const key of ["q", "limit", ...filterKeys]) p[key] = key === "tags" ? params.getAll("tags") : params.get(key);
    try {
      hits = (await api("/search", p)).hits;
    } catch (err) {
      failed(results, err);
      return;
    }
    if (!hits.length) {
      await empty(results, "No quotes match. Try other words, or loosen the filters.");
      return;
    }
    toolbar.hidden = false;
    document.getElementById("result-count").textContent = `${hits.length} quote${hits.length > 1 ? "s" : ""} for “${q}”`;
    const onSelect = (hit, on) => { if (on) selected.set(hit.sentence_id, hit); else selected.delete(hit.sentence_id); updateSelection(); };
    results.replaceChildren(...hits.map((h) => cs.quoteCard(h, { onSelect })));
    results.setAttribute("aria-busy", "false");
    updateSelection();
  }

  fillChoices().catch(() => { /* the filters still work as free text */ });
  run();
})();
