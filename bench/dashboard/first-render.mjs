// Loads a page in a running headless chromium (over the DevTools protocol; node 20 with --experimental-websocket)
// and prints the times the dashboard page recorded itself: first paint and first complete render, in ms.
// usage: node --experimental-websocket first-render.mjs DEVTOOLS_PORT URL
const [port, url] = process.argv.slice(2);
const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
const browser = new WebSocket(version.webSocketDebuggerUrl);
let id = 0;
const pending = new Map();
browser.onmessage = (m) => { const msg = JSON.parse(m.data); if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); } };
const send = (method, params = {}, sessionId) => new Promise((resolve) => { const n = ++id; pending.set(n, resolve); browser.send(JSON.stringify({ id: n, method, params, sessionId })); });
await new Promise((resolve) => { browser.onopen = resolve; });
const { result: { targetId } } = await send("Target.createTarget", { url: "about:blank" });
const { result: { sessionId } } = await send("Target.attachToTarget", { targetId, flatten: true });
await send("Page.enable", {}, sessionId);
await send("Page.navigate", { url }, sessionId);
const deadline = Date.now() + 60000;
let times = null;
while (Date.now() < deadline) {
  const r = await send("Runtime.evaluate", { expression: "JSON.stringify({paint: document.body && document.body.dataset.firstPaint, render: document.body && document.body.dataset.firstRender})", returnByValue: true }, sessionId);
  times = JSON.parse(r.result.result.value || "{}");
  if (times.render) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log(`first paint ${times.paint ?? "?"} ms, complete (summary, charts, table) ${times.render ?? "?"} ms`);
await send("Target.closeTarget", { targetId });
browser.close();
