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

function live(url, onUpdate) {
  const source = new EventSource(url);
  source.addEventListener("update", (e) => { $("live").textContent = "live"; $("live").classList.add("on"); onUpdate(JSON.parse(e.data)); });
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
const trialTip = (id, status, value, p) => `<b>trial ${id}</b> ${esc(status || "")} · value ${fmt(value)}<br>${params(p).split(" ").join("<br>")}`;
const openTrial = (id) => { location.href = `/sweeps/${encodeURIComponent(sweepName())}/trials/${id}`; };

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
  let curves = null, history = null;
  const scatters = {};

  document.querySelectorAll("[data-action]").forEach((b) => b.addEventListener("click", async () => {
    const answer = await post(api("/" + b.dataset.action));
    $("control-result").textContent = answer.message;
  }));
  $("filter").addEventListener("change", () => { table.status = $("filter").value; table.offset = 0; loadTrials(); });
  $("prev").addEventListener("click", () => { table.offset = Math.max(0, table.offset - table.limit); loadTrials(); });
  $("next").addEventListener("click", () => { table.offset += table.limit; loadTrials(); });

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
    $("name").textContent = v.name;
    $("status").textContent = v.status; $("status").className = "badge " + v.status;
    $("summary").innerHTML = `${esc(v.metric)} (${esc(v.goal)}) · ${v.finished}/${v.trials_planned} trials finished, ${v.running} running · `
      + `${esc(v.strategy)} / ${esc(v.scheduler)} · model ${esc(v.model)}`
      + (v.best ? ` · best <b>${fmt(v.best.value)}</b> (<a href="/sweeps/${encodeURIComponent(v.name)}/trials/${v.best.trial}">trial ${v.best.trial}</a>: ${esc(params(v.best.params))})` : "");
    drawCurves(v.curves);
    drawHistory(v.history);
    drawScatter(v);
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
          if (s == null || u.cursor.left < 0) { tip.hide(); return; }
          const r = u.over.getBoundingClientRect();
          tip.show(r.left + u.cursor.left, r.top + u.cursor.top, trialTip(s.trial, s.status, u.data[focused][u.cursor.idx], s.params));
        }],
      },
    };
    el.innerHTML = "";
    state.plot = new uPlot(opts, data, el);
    state.plot.over.addEventListener("mouseleave", tip.hide);
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
        if (i == null || !hh || u.cursor.left < 0) { tip.hide(); return; }
        const r = u.over.getBoundingClientRect();
        tip.show(r.left + u.cursor.left, r.top + u.cursor.top, `<b>trial ${hh.trial[i]}</b> · value ${fmt(hh.value[i])} · best so far ${fmt(hh.best[i])}`);
      }] },
    }, data, el);
    history.h = h;
    history.over.addEventListener("mouseleave", tip.hide);
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
          if (!q || u.cursor.left < 0) { tip.hide(); return; }
          const row = sc.trial.indexOf(q.id);
          const all = {}; for (const name of Object.keys(view.scatter.params)) all[name] = view.scatter.params[name][view.scatter.trial.indexOf(q.id)];
          const r = u.over.getBoundingClientRect();
          tip.show(r.left + u.cursor.left, r.top + u.cursor.top, trialTip(q.id, "", row >= 0 ? q.y : null, all));
        }] },
      }, data, el);
      holder.plot.over.addEventListener("mouseleave", tip.hide);
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

  // The stream's first message is the whole page too; the server builds it once for both (SweepViewCache).
  getJson(api("")).then((v) => { if (view == null) render(v); }).catch((e) => { $("summary").textContent = e.message; });
  live(api("/events"), render);
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

  getJson(api(`/trials/${id}`)).then(render).catch((e) => { $("summary").textContent = e.message; });
  live(api(`/trials/${id}/events`), render);
}

init().catch((e) => { document.querySelector("main").insertAdjacentHTML("afterbegin", `<p class="card">${esc(e.message)}</p>`); });
