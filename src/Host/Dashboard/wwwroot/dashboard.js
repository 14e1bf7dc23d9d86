// ActorTune dashboard: plain script over the JSON API; charts with the vendored uPlot. The server sends every
// chart already downsampled, and the sweep's page again (server-sent events) whenever its log grows.
"use strict";

const page = document.body.dataset.page;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const fmt = (v) => v == null ? "–" : typeof v !== "number" ? String(v)
  : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? Number(v.toPrecision(3)).toExponential() : String(+v.toPrecision(5));
// Log-axis ticks: the decades in range, and 2 and 5 times them when the range spans under three decades.
function logSplits(lo, hi) {
  const out = [];
  const steps = Math.log10(hi / lo) >= 2.5 ? [1] : [1, 2, 5];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const k of steps) { const v = +(k + "e" + e); if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v); }
  }
  return out.length >= 2 ? out : [lo, hi];
}
const params = (p) => Object.entries(p || {}).map(([k, v]) => `${esc(k)}=${esc(fmt(v))}`).join(" ");
const palette = ["#3763d8", "#e0732c", "#2f9e59", "#c8372d", "#8a55c9", "#8c6d3a", "#d35fb7", "#6b7385", "#b5a316", "#1fa5b8"];
const colorOf = (id) => palette[id % palette.length];
// Viridis, dark (worse) to bright (better), as the report's top pair colours its trials.
const viridis = [[68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37]];
function colorAt(t) {
  const k = Math.max(0, Math.min(1, t)) * (viridis.length - 1), i = Math.min(viridis.length - 2, Math.floor(k)), f = k - i;
  return `rgb(${viridis[i].map((c, j) => Math.round(c + (viridis[i + 1][j] - c) * f)).join(",")})`;
}
const sweepName = () => decodeURIComponent(location.pathname.split("/")[2] || "");
const trialId = () => +location.pathname.split("/")[4];
const api = (path) => "/api/sweeps/" + encodeURIComponent(sweepName()) + path;

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}),
  });
  let answer;
  try { answer = await response.json(); } catch { answer = { ok: false, message: await response.text() }; }
  return { status: response.status, ...answer };
}

// The stream's "update" is a whole view; a sweep's stream then sends "delta"s (only the parts that changed) and a
// trial's stream "log"s (only the lines added), each handed to its own handler.
function live(url, onUpdate, handlers = {}) {
  const source = new EventSource(url);
  // Counted per kind on #live (data-update, data-delta, data-log): how much came whole, and how much as changes.
  const on = (kind, handle) => source.addEventListener(kind, (e) => {
    const badge = $("live");
    badge.textContent = "live"; badge.classList.add("on"); badge.dataset[kind] = (+(badge.dataset[kind] || 0) + 1);
    handle(JSON.parse(e.data));
  });
  on("update", onUpdate);
  for (const [kind, handle] of Object.entries(handlers)) on(kind, handle);
  source.onerror = () => { $("live").textContent = "reconnecting…"; $("live").classList.remove("on"); };
  return source;
}

// First contentful paint, recorded for bench/dashboard/run.sh.
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") document.body.dataset.firstPaint = Math.round(entry.startTime);
}).observe({ type: "paint", buffered: true });

async function init() {
  const info = await getJson("/api/info");
  if (info.controls) document.body.classList.add("controls");
  if ($("database")) $("database").textContent = info.database;
  if (page === "sweeps") sweepsPage();
  if (page === "sweep") sweepPage();
  if (page === "trial") trialPage();
}

// ---- tooltip: hovering a curve or a point shows the trial's parameters; a click opens the trial
const tip = {
  show(x, y, html) { const t = $("tip"); if (!t) return; t.innerHTML = html; t.hidden = false; t.style.left = (x + 14) + "px"; t.style.top = (y + 14) + "px"; },
  hide() { const t = $("tip"); if (t) t.hidden = true; },
};
const trialTip = (id, status, value, p) => `<b>trial ${id}</b> ${esc(status || "")} · value ${fmt(value)}<br>${p ? params(p).split(" ").join("<br>") : "…"}`;
const openTrial = (id) => { location.href = `/sweeps/${encodeURIComponent(sweepName())}/trials/${id}`; };
// Each trial's parameters as the page's data carries them (curves, parameter charts, lineage); a trial none of
// them carries is asked for once. Every chart's hover goes through here, so every one shows the parameters.
const known = new Map();
const asked = new Map();
function paramsOf(id) {
  if (known.has(id)) return Promise.resolve(known.get(id));
  if (!asked.has(id)) asked.set(id, getJson(api(`/trials/${id}`)).then((t) => { known.set(id, t.current); return t.current; }).catch(() => null));
  return asked.get(id);
}
let hovered = null;
function hoverTrial(x, y, id, status, value, extra = "") {
  hovered = id;
  tip.show(x, y, trialTip(id, status, value, known.get(id)) + extra);
  if (!known.has(id)) paramsOf(id).then((p) => { if (hovered === id && p) tip.show(x, y, trialTip(id, status, value, p) + extra); });
}
function unhover() { hovered = null; tip.hide(); }
// Where each chart's items are on screen (client pixels) and which trial each is: what the browser tests point at.
const charts = window.dashboardCharts = {};

function chartWidth(el) { return Math.max(260, el.clientWidth - 4); }

// ---- sweeps list
function sweepsPage() {
  const render = (sweeps) => {
    $("empty").hidden = sweeps.length > 0;
    $("sweeps").querySelector("tbody").innerHTML = sweeps.map((s) => {
      const share = s.trials_planned ? Math.min(100, 100 * s.finished / s.trials_planned) : 0;
      const best = s.best ? `${fmt(s.best.value)} <span class="muted">(trial ${s.best.trial})</span>` : "–";
      return `<tr data-name="${esc(s.name)}" title="${esc(s.best ? params(s.best.params) : "")}">
        <td><a href="/sweeps/${encodeURIComponent(s.name)}">${esc(s.name)}</a></td>
        <td><span class="badge ${esc(s.status)}">${esc(s.status)}</span></td>
        <td><span class="bar"><span style="width:${share}%"></span></span>${s.finished}/${s.trials_planned}</td>
        <td class="num">${s.running}</td><td>${best}</td><td>${esc(s.metric)} (${esc(s.goal)})</td><td>${esc(s.strategy)}</td><td>${esc(s.scheduler)}</td>
        <td class="controls-only"><button data-action="pause">pause</button><button data-action="continue">continue</button><button data-action="cancel" class="danger">cancel</button></td></tr>`;
    }).join("");
  };
  $("sweeps").addEventListener("click", async (e) => {
    const row = e.target.closest("tr[data-name]");
    if (!row) return;
    if (e.target.dataset.action) {
      const answer = await post(`/api/sweeps/${encodeURIComponent(row.dataset.name)}/${e.target.dataset.action}`);
      alert(answer.message);
    } else if (e.target.tagName !== "A") {
      location.href = `/sweeps/${encodeURIComponent(row.dataset.name)}`;
    }
  });
  $("submit-file").addEventListener("change", async (e) => { const f = e.target.files[0]; if (f) $("submit-text").value = await f.text(); });
  $("submit-button").addEventListener("click", async () => {
    const f = $("submit-file").files[0];
    const answer = await post("/api/submit", { file: f ? f.name : "submitted.hocon", text: $("submit-text").value });
    $("submit-result").textContent = answer.message;
  });
  getJson("/api/sweeps").then(render);
  live("/api/events", render);
}

// ---- one sweep
function sweepPage() {
  const name = sweepName();
  document.title = `ActorTune — ${name}`;
  const table = { sort: "value", desc: false, status: "", offset: 0, limit: 50 };
  let view = null;
  let curves = null, history = null, pair = null, round = "all";
  const scatters = {};

  document.querySelectorAll("[data-action]").forEach((b) => b.addEventListener("click", async () => {
    const answer = await post(api("/" + b.dataset.action));
    $("control-result").textContent = answer.message;
  }));
  $("filter").addEventListener("change", () => { table.status = $("filter").value; table.offset = 0; loadTrials(); });
  $("prev").addEventListener("click", () => { table.offset = Math.max(0, table.offset - table.limit); loadTrials(); });
  $("next").addEventListener("click", () => { table.offset += table.limit; loadTrials(); });
  // The top pair's regions: one round (with the rounds before it, and only their trials) or every round at once.
  const rounds = () => [...(view && view.top_pair ? view.top_pair.regions.map((r) => r.round) : []), "all"];
  const showRound = (r) => { round = r; $("round").value = String(r); if (view) drawTopPair(view); };
  $("round").addEventListener("change", () => showRound($("round").value === "all" ? "all" : +$("round").value));
  $("round-next").addEventListener("click", () => { const all = rounds(); showRound(all[(all.indexOf(round) + 1) % all.length]); });
  $("round-prev").addEventListener("click", () => { const all = rounds(); showRound(all[(all.indexOf(round) + all.length - 1) % all.length]); });

  async function loadTrials() {
    const q = new URLSearchParams({ sort: table.sort, desc: table.desc, status: table.status, offset: table.offset, limit: table.limit });
    const pageData = await getJson(api("/trials?" + q));
    const names = view ? view.params.map((p) => p.name) : [];
    const columns = [["id", "trial"], ["status", "status"], ["value", view ? view.metric : "value"], ["epochs", "epochs"], ["round", "round"], ["seconds", "seconds"], ...names.map((n) => [n, n])];
    $("trials").querySelector("thead").innerHTML = "<tr>" + columns.map(([key, label]) =>
      `<th data-sort="${esc(key)}" class="${table.sort === key ? "sorted" + (table.desc ? "" : " asc") : ""}">${esc(label)}</th>`).join("") + "</tr>";
    $("trials").querySelector("tbody").innerHTML = pageData.rows.map((t) => `<tr data-trial="${t.id}" title="${esc(params(t.params))}">
      <td class="num">${t.id}</td><td><span class="badge ${t.status}">${t.status}</span></td><td class="num">${fmt(t.value)}</td>
      <td class="num">${t.epochs}</td><td class="num">${t.round}</td><td class="num">${fmt(t.seconds)}</td>
      ${names.map((n) => `<td class="num">${esc(fmt(t.params[n]))}</td>`).join("")}</tr>`).join("");
    const last = Math.min(pageData.total, table.offset + pageData.rows.length);
    $("page").textContent = pageData.total ? `${table.offset + 1}–${last} of ${pageData.total}` : "no trials";
    $("prev").disabled = table.offset === 0;
    $("next").disabled = last >= pageData.total;
  }
  $("trials").addEventListener("click", (e) => {
    const th = e.target.closest("th[data-sort]");
    if (th) {
      // value: best first by default; a second click reverses
      table.desc = table.sort === th.dataset.sort ? !table.desc : false;
      table.sort = th.dataset.sort; table.offset = 0; loadTrials();
      return;
    }
    const row = e.target.closest("tr[data-trial]");
    if (row) openTrial(row.dataset.trial);
  });

  function render(v) {
    const first = view == null;
    view = v;
    for (const s of v.curves.series) known.set(s.trial, s.params);
    v.scatter.trial.forEach((id, i) => { const p = {}; for (const n of Object.keys(v.scatter.params)) p[n] = v.scatter.params[n][i]; known.set(id, p); });
    for (const l of v.lineage) known.set(l.trial, l.params);
    $("name").textContent = v.name;
    $("status").textContent = v.status; $("status").className = "badge " + v.status;
    $("summary").innerHTML = `${esc(v.metric)} (${esc(v.goal)}) · ${v.finished}/${v.trials_planned} trials finished, ${v.running} running · `
      + `${esc(v.strategy)} / ${esc(v.scheduler)} · model ${esc(v.model)}`
      + (v.best ? ` · best <b>${fmt(v.best.value)}</b> (<a href="/sweeps/${encodeURIComponent(v.name)}/trials/${v.best.trial}">trial ${v.best.trial}</a>: ${esc(params(v.best.params))})` : "");
    drawCurves(v.curves);
    drawHistory(v.history);
    drawScatter(v);
    drawTopPair(v);
    drawImportance(v);
    drawRegions(v.regions);
    drawLineage(v.lineage);
    const trials = first || !$("trials").matches(":hover") ? loadTrials() : Promise.resolve();
    if (first) {
      // For bench/dashboard/run.sh: when the page first stood complete (summary, charts and table), in ms from navigation.
      trials.then(() => requestAnimationFrame(() => { document.body.dataset.firstRender = Math.round(performance.now()); }));
    }
  }

  function drawCurves(c) {
    const el = $("curves");
    el.dataset.points = c.points;
    el.dataset.drawn = c.drawn;
    $("curves-note").textContent = c.drawn < c.total ? `(${c.drawn} of ${c.total} trials: running, best, and an even sample)` : `(${c.total} trials)`;
    const data = [c.epochs, ...c.series.map((s) => s.values)];
    const ids = c.series.map((s) => s.trial).join(",");
    if (curves && curves.ids === ids && curves.epochs === c.epochs.length) { curves.plot.setData(data); curves.series = c.series; return; }
    if (curves) curves.plot.destroy();
    let focused = null;
    const state = { ids, epochs: c.epochs.length, series: c.series };
    charts.curves = {
      count: () => state.series.length,
      // The middle point of series i (its ends may lie on the plot's edges).
      at(i) {
        const u = state.plot, ys = u.data[i + 1];
        const drawn = ys.map((y, k) => y == null ? -1 : k).filter((k) => k >= 0), k = drawn[Math.floor(drawn.length / 2)];
        const r = u.over.getBoundingClientRect();
        return { x: r.left + u.valToPos(u.data[0][k], "x"), y: r.top + u.valToPos(ys[k], "y"), trial: state.series[i].trial };
      },
    };
    const opts = {
      width: chartWidth(el), height: 300, legend: { show: false },
      cursor: { focus: { prox: 20 }, points: { show: false } }, focus: { alpha: 0.25 },
      scales: { x: { time: false } },
      axes: [{ label: "epoch" }, { label: view.metric, size: 60 }],
      series: [{}, ...c.series.map((s) => ({ label: "trial " + s.trial, stroke: colorOf(s.trial), width: s.status === "running" ? 2 : 1, spanGaps: false, points: { show: false } }))],
      hooks: {
        setSeries: [(u, i) => { focused = i; }],
        setCursor: [(u) => {
          const s = focused != null && focused > 0 ? state.series[focused - 1] : null;
          if (s == null || u.cursor.left < 0) { unhover(); return; }
          const r = u.over.getBoundingClientRect();
          hoverTrial(r.left + u.cursor.left, r.top + u.cursor.top, s.trial, s.status, u.data[focused][u.cursor.idx]);
        }],
      },
    };
    el.innerHTML = "";
    state.plot = new uPlot(opts, data, el);
    state.plot.over.addEventListener("mouseleave", unhover);
    state.plot.over.addEventListener("click", () => { if (focused > 0) openTrial(state.series[focused - 1].trial); });
    curves = state;
  }

  function drawHistory(h) {
    const el = $("history");
    $("history-note").textContent = h.order.length < h.total ? `(${h.order.length} of ${h.total} shown)` : "";
    const data = [h.order, h.value, h.best];
    if (history) { history.setData(data); history.h = h; return; }
    history = new uPlot({
      width: chartWidth(el), height: 240, legend: { show: true }, cursor: { points: { show: true } },
      scales: { x: { time: false } },
      axes: [{ label: "trials finished" }, { label: view.metric, size: 60 }],
      series: [{ label: "finished" }, { label: "trial value", stroke: "#9aa3b5", paths: () => null, points: { show: true, size: 4, fill: "#9aa3b5" } },
        { label: "best so far", stroke: "#3763d8", width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } }],
      hooks: { setCursor: [(u) => {
        const i = u.cursor.idx; const hh = history && history.h;
        if (i == null || !hh || u.cursor.left < 0) { unhover(); return; }
        const r = u.over.getBoundingClientRect();
        hoverTrial(r.left + u.cursor.left, r.top + u.cursor.top, hh.trial[i], "", hh.value[i], `<br><span class="muted">best so far ${fmt(hh.best[i])}</span>`);
      }] },
    }, data, el);
    history.h = h;
    charts.history = {
      count: () => history.h.trial.length,
      at(i) { const r = history.over.getBoundingClientRect(); return { x: r.left + history.valToPos(history.h.order[i], "x"), y: r.top + history.valToPos(history.h.value[i], "y"), trial: history.h.trial[i] }; },
    };
    history.over.addEventListener("mouseleave", unhover);
    history.over.addEventListener("click", () => { const i = history.cursor.idx; if (i != null) openTrial(history.h.trial[i]); });
  }

  // Each parameter on its own scale: log axis for log scales, 1-β on a log axis (reversed, labelled as β) for
  // one-minus-log, one slot per value for a choice.
  function axisOf(p) {
    if (p.scale === "log" || p.scale === "int-log") return { x: (v) => v, scale: { distr: 3, log: 10, range: [p.min, p.max] }, label: p.name + " (log axis)", values: (u, s) => s.map((v) => v == null ? "" : fmt(v)), splits: (u, i, lo, hi) => logSplits(lo, hi) };
    if (p.scale === "one-minus-log") return { x: (v) => 1 - v, scale: { distr: 3, log: 10, dir: -1, range: [1 - p.max, 1 - p.min] }, label: `${p.name} (1 − ${p.name} on a log axis)`, values: (u, s) => s.map((c) => c == null ? "" : fmt(+(1 - c).toPrecision(6))), splits: (u, i, lo, hi) => logSplits(lo, hi) };
    if (p.scale === "choice") return { x: (v) => p.values.indexOf(v), scale: { range: [-0.5, p.values.length - 0.5] }, label: p.name, values: (u, s) => s.map((i) => Number.isInteger(i) && p.values[i] != null ? String(p.values[i]) : ""), splits: () => p.values.map((_, i) => i) };
    return { x: (v) => v, scale: { range: [p.min, p.max] }, label: p.name, values: (u, s) => s.map((v) => v == null ? "" : fmt(v)) };
  }

  function drawScatter(v) {
    const sc = v.scatter;
    $("scatter-note").textContent = sc.shown < sc.total ? `(${sc.shown} of ${sc.total} trials: the best and an even sample)` : "";
    for (const p of v.params) {
      if (scatters[p.name] || $("scatter-" + p.name)) continue;
      const box = document.createElement("section");
      box.className = "card";
      box.id = "scatter-" + p.name;
      box.innerHTML = `<h2>${esc(p.name)} <span class="muted small">${esc(p.scale)}</span></h2><div class="chart"></div>`;
      $("scatter").appendChild(box);
    }
    for (const p of v.params) {
      const a = axisOf(p);
      const points = sc.trial.map((id, i) => ({ id, y: sc.value[i], x: sc.params[p.name][i] == null ? null : a.x(sc.params[p.name][i]) }))
        .filter((q) => q.x != null && isFinite(q.x) && (p.scale === "choice" || p.scale === "linear" || p.scale === "int" || q.x > 0))
        .sort((l, r) => l.x - r.x);
      const data = [points.map((q) => q.x), points.map((q) => q.y)];
      let holder = scatters[p.name];
      if (holder) { holder.points = points; holder.plot.setData(data, true); continue; }
      const el = $("scatter-" + p.name).querySelector(".chart");
      holder = { points };
      const axis = { label: a.label, values: a.values };
      if (a.splits) axis.splits = a.splits;
      holder.plot = new uPlot({
        width: chartWidth(el), height: 220, legend: { show: false }, cursor: { points: { show: true, size: 8 } },
        scales: { x: { time: false, ...a.scale, auto: false } },
        axes: [axis, { label: v.metric, size: 60 }],
        series: [{}, { stroke: "#3763d8", paths: () => null, points: { show: true, size: 5, fill: "#3763d899" } }],
        hooks: { setCursor: [(u) => {
          const q = u.cursor.idx != null ? holder.points[u.cursor.idx] : null;
          if (!q || u.cursor.left < 0) { unhover(); return; }
          const r = u.over.getBoundingClientRect();
          hoverTrial(r.left + u.cursor.left, r.top + u.cursor.top, q.id, "", q.y);
        }] },
      }, data, el);
      charts["scatter-" + p.name] = {
        count: () => holder.points.length,
        at(i) { const u = holder.plot, q = holder.points[i], r = u.over.getBoundingClientRect(); return { x: r.left + u.valToPos(q.x, "x"), y: r.top + u.valToPos(q.y, "y"), trial: q.id }; },
      };
      holder.plot.over.addEventListener("mouseleave", unhover);
      holder.plot.over.addEventListener("click", () => { const q = holder.points[holder.plot.cursor.idx]; if (q) openTrial(q.id); });
      scatters[p.name] = holder;
    }
  }

  function drawImportance(v) {
    $("importance").querySelector("tbody").innerHTML = v.importance.map((p) => `<tr><td class="num">${p.rank}</td><td>${esc(p.param)}</td>
      <td class="num">${p.importance.toFixed(3)}</td><td><span class="bar"><span style="width:${100 * p.importance}%"></span></span></td><td class="num">${p.seed_tier ?? "–"}</td></tr>`).join("");
    $("importance-note").textContent = v.importance.length === 0
      ? (v.importance_computing ? "computing…" : `needs at least ${v.importance_needs} finished trials with a value`)
      : `from ${v.importance_trials} trials` + (v.finished > v.importance_trials ? " (an even sample)" : "")
        + (v.seed_agreement != null ? ` · agreement with the seed's tiers (Spearman, 1 = same order): ${v.seed_agreement.toFixed(2)}` : "");
  }

  function drawRegions(regions) {
    if (!regions.length) { $("regions").textContent = "none (not a coarse-to-fine sweep, or before its first narrowing)"; return; }
    $("regions").innerHTML = `<table class="grid compact"><thead><tr><th>round</th>${regions[0].params.map((p) => `<th>${esc(p.name)}</th>`).join("")}</tr></thead><tbody>`
      + regions.map((r) => `<tr><td>${r.round}</td>${r.params.map((p) => `<td>${p.values ? esc(p.values.join(", ")) : `${fmt(p.min)} – ${fmt(p.max)}`}</td>`).join("")}</tr>`).join("")
      + "</tbody></table>";
  }

  function drawLineage(lineage) {
    if (!lineage.length) { $("lineage").textContent = "none (no population-based training exploits)"; return; }
    $("lineage").innerHTML = `<table class="grid compact"><thead><tr><th>trial</th><th>from epoch</th><th>took weights of</th><th>reason</th></tr></thead><tbody>`
      + lineage.map((l) => `<tr data-trial="${l.trial}"><td>${l.trial}</td><td>${l.epoch}</td><td>trial ${l.donor} @ ${l.donor_epoch}</td><td>${esc(l.reason)}</td></tr>`).join("")
      + "</tbody></table>";
  }
  // Lineage rows: hover shows the trial's parameters (those it took at that exploit), a click opens it.
  $("lineage").addEventListener("mousemove", (e) => {
    const row = e.target.closest("tr[data-trial]");
    if (!row) { unhover(); return; }
    const l = view.lineage[row.rowIndex - 1];
    hoverTrial(e.clientX, e.clientY, l.trial, "", null, `<br><span class="muted">from epoch ${l.epoch}: took trial ${l.donor} @ ${l.donor_epoch}</span>`);
  });
  $("lineage").addEventListener("mouseleave", unhover);
  $("lineage").addEventListener("click", (e) => { const row = e.target.closest("tr[data-trial]"); if (row) openTrial(row.dataset.trial); });
  charts.lineage = {
    count: () => $("lineage").querySelectorAll("tr[data-trial]").length,
    at(i) { const row = $("lineage").querySelectorAll("tr[data-trial]")[i], r = row.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2, trial: +row.dataset.trial }; },
  };

  // The two most important parameters against each other, in the positions the server computed on each one's own
  // scale (the report's top pair), coloured by value (bright = better), with each round's region as a rectangle.
  function drawTopPair(v) {
    const tp = v.top_pair, el = $("top-pair");
    $("top-pair-card").hidden = !tp;
    if (!tp) return;
    pair = pair || {};
    pair.tp = tp;
    $("top-pair-title").textContent = (tp.by_importance ? "The two most important parameters: " : "The first two searched parameters: ") + `${tp.x.name} and ${tp.y.name}`;
    $("top-pair-note").textContent = (tp.shown < tp.total ? `(${tp.shown} of ${tp.total} trials: the best and an even sample)` : `(${tp.shown} trials)`)
      + (tp.by_importance ? "" : " · by importance once enough trials have finished");
    const all = tp.regions.map((r) => String(r.round)).join(",");
    if ($("round").dataset.rounds !== all) {
      $("round").dataset.rounds = all;
      $("round").innerHTML = `<option value="all">every round</option>` + tp.regions.map((r) => `<option value="${r.round}">round ${r.round}</option>`).join("");
      $("round").value = String(round);
    }
    const values = tp.value.filter((x) => x != null);
    const lo = Math.min(...values), hi = Math.max(...values);
    pair.better = (x) => hi > lo ? (v.goal === "max" ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo)) : 1;
    const ends = [0, 0.25, 0.5, 0.75, 1].map((t) => colorAt(v.goal === "max" ? t : 1 - t));
    $("colorbar").innerHTML = values.length ? `${esc(fmt(lo))}<i style="background: linear-gradient(to right, ${ends.join(",")})"></i>${esc(fmt(hi))} <span>${esc(v.metric)}, bright = better</span>` : "";
    // Shown: with one round chosen, its region and those before it, and the trials proposed up to it.
    pair.regions = tp.regions.filter((r) => round === "all" || r.round <= round);
    pair.visible = tp.trial.map((id, i) => i).filter((i) => tp.px[i] != null && tp.py[i] != null && tp.value[i] != null && (round === "all" || tp.round[i] <= round))
      .sort((a, b) => pair.better(tp.value[a]) - pair.better(tp.value[b]));
    el.dataset.points = pair.visible.length;
    el.dataset.regions = pair.regions.map((r) => "round " + r.round).join(",");
    if (pair.plot && pair.axes === tp.x.name + "|" + tp.y.name) { pair.plot.redraw(false); return; }
    if (pair.plot) pair.plot.destroy();
    pair.axes = tp.x.name + "|" + tp.y.name;
    const axis = (a) => {
      const ax = { label: a.label, size: 56 };
      if (a.ticks) {
        ax.splits = () => a.ticks.filter((t) => t.label != null).map((t) => t.at);
        ax.values = (u, splits) => splits.map((at) => { const t = a.ticks.find((q) => q.at === at); return t && t.label != null ? t.label : ""; });
      } else ax.values = (u, splits) => splits.map((x) => fmt(x));
      return ax;
    };
    el.innerHTML = "";
    const u = new uPlot({
      width: chartWidth(el), height: 380, legend: { show: false }, cursor: { show: false },
      scales: { x: { time: false, auto: false, range: [tp.x.min, tp.x.max] }, y: { auto: false, range: [tp.y.min, tp.y.max] } },
      axes: [axis(tp.x), axis(tp.y)],
      series: [{}, { paths: () => null, points: { show: false } }],
      hooks: { draw: [(u) => drawPair(u)] },
    }, [[tp.x.min, tp.x.max], [null, null]], el);
    pair.plot = u;
    const nearest = (e) => {
      let best = null, bestD = 100; // within 10 px
      for (const i of pair.visible) {
        const dx = u.valToPos(pair.tp.px[i], "x") - e.offsetX, dy = u.valToPos(pair.tp.py[i], "y") - e.offsetY;
        if (dx * dx + dy * dy <= bestD) { best = i; bestD = dx * dx + dy * dy; }
      }
      return best;
    };
    u.over.addEventListener("mousemove", (e) => {
      const i = nearest(e);
      u.over.style.cursor = i == null ? "" : "pointer";
      if (i == null) { unhover(); return; }
      hoverTrial(e.clientX, e.clientY, pair.tp.trial[i], "", pair.tp.value[i], `<br><span class="muted">round ${pair.tp.round[i]}</span>`);
    });
    u.over.addEventListener("mouseleave", unhover);
    u.over.addEventListener("click", (e) => { const i = nearest(e); if (i != null) openTrial(pair.tp.trial[i]); });
    charts.topPair = {
      count: () => pair.visible.length,
      ticks: () => u.axes.map((a) => a._values), // the labels each axis drew (uPlot keeps them there)
      at(k) { const i = pair.visible[k], r = u.over.getBoundingClientRect(); return { x: r.left + u.valToPos(pair.tp.px[i], "x"), y: r.top + u.valToPos(pair.tp.py[i], "y"), trial: pair.tp.trial[i] }; },
    };
  }

  function drawPair(u) {
    const ctx = u.ctx, ratio = window.devicePixelRatio || 1, tp = pair.tp;
    const X = (x) => u.valToPos(x, "x", true), Y = (y) => u.valToPos(y, "y", true);
    ctx.save();
    ctx.beginPath(); ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height); ctx.clip();
    const last = pair.regions.length ? pair.regions[pair.regions.length - 1].round : null;
    for (const r of pair.regions) {
      const color = palette[r.round % palette.length];
      const left = X(r.x1), right = X(r.x2), top = Y(r.y2), bottom = Y(r.y1);
      ctx.setLineDash([6 * ratio, 4 * ratio]);
      ctx.lineWidth = (r.round === last ? 2.5 : 1.5) * ratio;
      ctx.strokeStyle = color; ctx.fillStyle = color + "12";
      ctx.fillRect(left, top, right - left, bottom - top);
      ctx.strokeRect(left, top, right - left, bottom - top);
      ctx.setLineDash([]);
      ctx.font = `600 ${12 * ratio}px system-ui, sans-serif`; ctx.textBaseline = "top";
      ctx.lineWidth = 3 * ratio; ctx.strokeStyle = "rgba(255,255,255,.9)"; ctx.lineJoin = "round";
      ctx.strokeText("round " + r.round, left + 5 * ratio, top + 4 * ratio);
      ctx.fillStyle = color; ctx.fillText("round " + r.round, left + 5 * ratio, top + 4 * ratio);
    }
    for (const i of pair.visible) {
      ctx.beginPath();
      ctx.arc(X(tp.px[i]), Y(tp.py[i]), 4.5 * ratio, 0, 2 * Math.PI);
      ctx.fillStyle = colorAt(pair.better(tp.value[i]));
      ctx.fill();
      ctx.lineWidth = 0.75 * ratio; ctx.strokeStyle = "rgba(0,0,0,.35)"; ctx.stroke();
    }
    ctx.restore();
  }

  // The stream's first message is the whole page too; the server builds it once for both (SweepViewCache).
  getJson(api("")).then((v) => { if (view == null) render(v); }).catch((e) => { $("summary").textContent = e.message; });
  // After the first (whole) page the stream sends only what changed: the parts of the page that differ, and of the
  // learning curves only the trials whose curve changed.
  live(api("/events"), render, {
    delta(d) {
      if (!view) return;
      const next = { ...view, ...d };
      if (d.curves && d.curves.partial) {
        const changed = new Map(d.curves.series.map((s) => [s.trial, s]));
        next.curves = { ...d.curves, series: view.curves.series.map((s) => changed.get(s.trial) || s) };
      }
      render(next);
    },
  });
}

// ---- one trial
function trialPage() {
  const name = sweepName(), id = trialId();
  document.title = `ActorTune — ${name} trial ${id}`;
  $("sweep-link").textContent = name;
  $("sweep-link").href = `/sweeps/${encodeURIComponent(name)}`;
  let chart = null, setupDone = false;

  document.querySelectorAll("[data-intervene]").forEach((b) => b.addEventListener("click", async () => {
    const action = b.dataset.intervene;
    const body = { action };
    if (action === "set") { body.name = $("set-name").value; body.value = $("set-value").value; }
    if (action === "rollback") body.epoch = +$("rollback-epoch").value;
    const answer = await post(api(`/trials/${id}/intervene`), body);
    $("intervene-result").textContent = answer.message;
  }));

  function render(t) {
    $("name").textContent = `${t.sweep} · trial ${t.id}`;
    $("status").textContent = t.status; $("status").className = "badge " + t.status;
    $("summary").innerHTML = `value ${fmt(t.value)} (${esc(t.metric)}, ${esc(t.goal)})${t.best_epoch ? ` at epoch ${t.best_epoch}` : ""} · round ${t.round} · attempt ${t.attempts}`
      + (t.node ? ` · node ${esc(t.node)}` : "") + (t.reason ? ` · ${esc(t.reason)}` : "");
    $("babysit").hidden = t.status !== "running";
    if (!setupDone) { $("set-name").innerHTML = Object.keys(t.current).map((k) => `<option>${esc(k)}</option>`).join(""); setupDone = true; }
    $("config").querySelector("tbody").innerHTML = Object.keys(t.current).map((k) =>
      `<tr><td>${esc(k)}</td><td class="num">${esc(fmt(t.params[k]))}</td><td class="num">${esc(fmt(t.current[k]))}</td></tr>`).join("");
    const items = [...t.interventions.map((i) => `epoch ${i.epoch}: <b>${esc(i.action)}</b> ${esc(i.detail)} <span class="muted">${esc(i.at)}</span>`),
      ...t.schedule.map((c) => `from epoch ${c.epoch}: ${esc(params(c.params))} (trial ${c.donor} @ ${c.donor_epoch}; ${esc(c.reason)})`)];
    $("interventions").innerHTML = items.length ? items.map((s) => `<div>${s}</div>`).join("") : "none";
    const metrics = [...new Set(t.epochs.flatMap((e) => Object.keys(e)).filter((k) => k !== "epoch" && k !== "seconds"))];
    $("epochs").querySelector("thead").innerHTML = `<tr><th>epoch</th>${metrics.map((m) => `<th>${esc(m)}</th>`).join("")}<th>seconds</th></tr>`;
    $("epochs").querySelector("tbody").innerHTML = t.epochs.map((e) => `<tr><td class="num">${e.epoch}</td>${metrics.map((m) => `<td class="num">${fmt(e[m])}</td>`).join("")}<td class="num">${fmt(e.seconds)}</td></tr>`).join("");
    const data = [t.epochs.map((e) => e.epoch), ...metrics.map((m) => t.epochs.map((e) => e[m] ?? null))];
    const el = $("epochs-chart");
    el.dataset.points = t.epochs.length;
    if (chart && chart.series.length === metrics.length + 1) { chart.setData(data); return; }
    if (chart) chart.destroy();
    el.innerHTML = "";
    chart = new uPlot({
      width: chartWidth(el), height: 260, scales: { x: { time: false } },
      axes: [{ label: "epoch" }, { size: 60 }],
      series: [{ label: "epoch" }, ...metrics.map((m, i) => ({ label: m, stroke: palette[i % palette.length], width: m === t.metric ? 2 : 1 }))],
    }, data, el);
  }

  // The log arrives through the stream only: per attempt, the text added since the last message (or all of it again).
  const logs = new Map();
  function renderLog(l) {
    const before = logs.get(l.attempt) || "";
    logs.set(l.attempt, l.from === 0 ? l.text : before + l.text);
    const el = $("log"), atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
    const attempts = [...logs.keys()].sort((a, b) => a - b);
    const text = attempts.map((a) => (attempts.length > 1 ? `== attempt ${a}\n` : "") + logs.get(a)).join("");
    el.textContent = text || "none";
    el.dataset.lines = text.split("\n").filter((line) => line.length > 0).length;
    if (atEnd) el.scrollTop = el.scrollHeight; // follows the end while the reader is there
  }

  getJson(api(`/trials/${id}`)).then(render).catch((e) => { $("summary").textContent = e.message; });
  live(api(`/trials/${id}/events`), render, { log: renderLog });
}

init().catch((e) => { document.querySelector("main").insertAdjacentHTML("afterbegin", `<p class="card">${esc(e.message)}</p>`); });
