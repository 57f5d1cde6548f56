/* Trackers: POST /trackers, GET /trackers, GET /trackers/{id}/hits, DELETE /trackers/{id}. */
"use strict";
(() => {
  const { el, api, loading, failed, state } = cs;
  const form = document.getElementById("tracker-form");
  const list = document.getElementById("trackers");
  const hitsBox = document.getElementById("hits");
  const formError = document.getElementById("form-error");
  const lines = (id) => document.getElementById(id).value.split("\n").map((x) => x.trim()).filter(Boolean);
  let current = new URLSearchParams(location.search).get("tracker");

  async function showHits(tracker) {
    current = String(tracker.id);
    history.replaceState(null, "", `?tracker=${tracker.id}`);
    list.querySelectorAll("[aria-pressed]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.id === current)));
    document.getElementById("hits-section").hidden = false;
    document.getElementById("hits-title").textContent = `Hits for “${tracker.name}”`;
    loading(hitsBox, "Finding hits…");
    try {
      const hits = await api(`/trackers/${tracker.id}/hits`, { limit: 50 });
      if (!hits.length) {
        state(hitsBox, "empty", "No sentence matches yet. Add more varied examples, or lower the threshold.");
        return;
      }
      hitsBox.replaceChildren(el("p", { class: "muted" }, `${tracker.hit_count} hit${tracker.hit_count === 1 ? "" : "s"}; the closest ${hits.length} first. `,
        el("a", { href: `/ui/search${cs.query({ q: tracker.examples[0], type: "tracker", category: tracker.id })}` }, "Search within them")),
      ...hits.map((h) => cs.quoteCard(h)));
      hitsBox.setAttribute("aria-busy", "false");
    } catch (err) {
      failed(hitsBox, err);
    }
  }

  function item(t) {
    const open = el("button", { class: "tracker-open", type: "button", "aria-pressed": "false", dataset: { id: String(t.id) } },
      el("span", { class: "tracker-name" }, t.name),
      el("span", { class: "muted small" }, `${t.examples.length} examples${t.role ? ` · ${t.role}s` : ""} · threshold ${t.threshold}`),
      el("span", { class: "badge count" }, `${t.hit_count} hits`));
    open.addEventListener("click", () => showHits(t));
    const remove = el("button", { class: "btn btn-small btn-danger", type: "button", "aria-label": `Delete tracker ${t.name}` }, "Delete");
    remove.addEventListener("click", async () => {
      if (!confirm(`Delete the tracker “${t.name}” and its hits?`)) return;
      try { await api(`/trackers/${t.id}`, null, { method: "DELETE" }); } catch (err) { cs.toast(err.message); }
      if (current === String(t.id)) document.getElementById("hits-section").hidden = true;
      refresh();
    });
    return el("li", { class: "card tracker" }, open, remove);
  }

  async function refresh() {
    loading(list, "Loading trackers…");
    try {
      const trackers = await api("/trackers");
      if (!trackers.length) {
        state(list, "empty", "No trackers yet. Create one with a few example phrases.");
        return [];
      }
      list.replaceChildren(...trackers.map(item));
      list.setAttribute("aria-busy", "false");
      const chosen = trackers.find((t) => String(t.id) === current);
      if (chosen) showHits(chosen);
      return trackers;
    } catch (err) {
      failed(list, err);
      return [];
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError.hidden = true;
    const examples = lines("t-examples");
    if (examples.length < 3 || examples.length > 10) {
      formError.textContent = `Give 3 to 10 example phrases, one per line (you gave ${examples.length}).`;
      formError.hidden = false;
      document.getElementById("t-examples").focus();
      return;
    }
    const button = document.getElementById("create");
    button.disabled = true;
    button.textContent = "Matching every call…";
    try {
      const threshold = document.getElementById("t-threshold").value;
      const tracker = await api("/trackers", null, { json: {
        name: document.getElementById("t-name").value.trim(), examples, negatives: lines("t-negatives"),
        role: document.getElementById("t-role").value || null, threshold: threshold ? Number(threshold) : null } });
      cs.toast(`Tracker created: ${tracker.hit_count} hits`);
      form.reset();
      current = String(tracker.id);
      await refresh();
    } catch (err) {
      formError.textContent = err.message;
      formError.hidden = false;
    } finally {
      button.disabled = false;
      button.textContent = "Create tracker";
    }
  });
  refresh();
})();
