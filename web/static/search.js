/* Search page: the URL carries the query; results come from GET /search, a page at a time. */
"use strict";
(() => {
  const { el, api, loading, failed, empty, state } = cs;
  const form = document.getElementById("search-form");
  const results = document.getElementById("results");
  const toolbar = document.getElementById("toolbar");
  const selectAll = document.getElementById("select-all");
  const exportButtons = [document.getElementById("export-csv"), document.getElementById("export-json")];
  const more = document.getElementById("more");
  const moreButton = document.getElementById("more-button");
  const readAs = document.getElementById("read-as");
  const params = new URLSearchParams(location.search);
  const selected = new Map();
  let hits = [];          // every hit loaded so far, over all pages
  let request = null;     // the parameters of this search; later pages add a cursor
  let nextCursor = null;  // from the API: there is a next page

  cs.fillForm(form, params);
  // A limit typed into the URL that the select does not offer still shows as the chosen one.
  const limitSelect = form.elements.limit;
  if (params.get("limit") && limitSelect.value !== params.get("limit")) {
    limitSelect.append(el("option", {}, params.get("limit")));
    limitSelect.value = params.get("limit");
  }
  const filterKeys = ["role", "speaker", "date_from", "date_to", "outcome", "type", "category", "theme", "tags"];
  const span = params.get("span") || "sentence";
  if (filterKeys.some((k) => params.get(k)) || span !== "sentence") document.getElementById("filters").open = true;

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
      quote: h.span_text || h.quote, speaker: h.speaker, role: h.role, speaker_title: h.speaker_title || "",
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
    const on = selectAll.checked;  // each click below updates the select-all box, so read it once
    results.querySelectorAll(".select-hit").forEach((box) => {
      if (box.checked !== on) box.click();
    });
    updateSelection();
  });

  const onSelect = (hit, on) => {
    if (on) selected.set(hit.sentence_id, hit); else selected.delete(hit.sentence_id);
    updateSelection();
  };

  /** A quote card plus the hit's relevance (0-100) and, under "Show context", why it matched. */
  function card(hit) {
    const node = cs.quoteCard(hit, { onSelect });
    if (typeof hit.score === "number") {
      const why = hit.why || [];
      node.querySelector(".quote-head .spacer").after(el("span", {
        class: "relevance", title: why.length ? `Why: ${why.join("; ")}` : null }, `relevance ${hit.score}/100`));
      if (why.length) {
        node.querySelector("details.context").append(el("p", { class: "why-matched" }, "Why it matched: ", why.join(" · ")));
      }
    }
    return node;
  }

  function showCount() {
    const n = hits.length;
    document.getElementById("result-count").textContent =
      `${n} quote${n === 1 ? "" : "s"} for “${request.q}”${nextCursor ? " + more" : ""}`;
  }

  /** Append a page of hits (skipping any already shown); returns the new ones. */
  function add(page) {
    const known = new Set(hits.map((h) => h.sentence_id));
    const fresh = [];
    for (const hit of page.hits) {
      if (known.has(hit.sentence_id)) continue;
      known.add(hit.sentence_id);
      fresh.push(hit);
    }
    hits = hits.concat(fresh);
    nextCursor = page.next_cursor || null;
    more.hidden = !nextCursor;
    results.append(...fresh.map(card));
    showCount();
    updateSelection();
    return fresh;
  }

  moreButton.addEventListener("click", async () => {
    if (!nextCursor) return;
    moreButton.disabled = true;
    moreButton.textContent = "Loading…";
    let page = null;
    try {
      page = await api("/search", { ...request, cursor: nextCursor });
    } catch (err) {
      cs.toast(`Could not load more results: ${err.message}`);
    }
    moreButton.disabled = false;
    moreButton.textContent = "More results";
    if (!page) return;
    const fresh = add(page);
    // Keyboard users continue from the first new quote (the button may have gone).
    if (fresh.length) results.querySelector(`#hit-${fresh[0].sentence_id} .select-hit`)?.focus();
  });

  async function run() {
    const q = params.get("q");
    if (!q) {
      const examples = ["too expensive for our budget this year", "locked into a contract with another vendor", "I'd have to run it by my boss"];
      state(results, "empty", "Type what you are looking for, in your own words. For example:",
        el("p", { class: "chips" }, ...examples.map((x) => el("a", { class: "chip", href: `/ui/search?q=${encodeURIComponent(x)}` }, x))));
      return;
    }
    document.title = `${q} · Search · callsift`;
    loading(results, "Searching…");
    request = { span };
    for (const key of ["q", "call", ...filterKeys]) request[key] = key === "tags" ? params.getAll("tags") : params.get(key);
    // The form's limit (20 unless chosen), not the API's default of 10, when the URL has none.
    request.limit = params.get("limit") || limitSelect.value || "20";
    let page;
    try {
      page = await api("/search", request);
    } catch (err) {
      failed(results, err);
      return;
    }
    if (page.read_as && page.read_as.length) {
      readAs.textContent = `Read as: ${page.read_as.join(", ")} — matching insights ranked higher.`;
      readAs.hidden = false;
    }
    if (!page.hits.length) {
      await empty(results, page.message || "No quotes match. Try other words, or loosen the filters.");
      return;
    }
    toolbar.hidden = false;
    results.replaceChildren();
    results.setAttribute("aria-busy", "false");
    add(page);
  }

  fillChoices().catch(() => { /* the filters still work as free text */ });
  run();
})();
