/**
 * What the pages load besides themselves, served from the package (no CDN, no network): the
 * report's style sheet with the page's own additions, and one script — drill-down, what-if,
 * drag and drop, live reload and the report's chart switch. The script reads nothing but the
 * page (its few words follow the page's `<html lang>`) and talks only to the server that
 * served it.
 */
import { SCRIPT as REPORT_SCRIPT, STYLE as REPORT_STYLE } from "../../render/report/style.ts";

const PAGE_STYLE = `
body { max-width: none; padding: 0 0 40px; }
main { max-width: 1480px; margin: 0 auto; padding: 0 24px; }
.topbar { position: sticky; top: 0; z-index: 20; background: #26323d; color: #fff; padding: 8px 24px; display: flex; flex-wrap: wrap; gap: 6px 22px; align-items: baseline; }
.topbar .book { font-weight: bold; }
.topbar .book small { font-weight: normal; color: #c8d1d9; margin-left: 6px; }
.topbar nav a { color: #dbe6f0; text-decoration: none; margin-right: 14px; padding: 2px 0; }
.topbar nav a.active { color: #fff; border-bottom: 2px solid #f2c14e; font-weight: bold; }
.topbar .badge-counts { margin-left: auto; font-size: 12px; }
.topbar .badge-counts a { color: inherit; text-decoration: none; }
.topbar .langs { font-size: 12px; color: #8fa0af; }
.topbar nav + .langs { margin-left: auto; }
.topbar .langs a { color: #dbe6f0; text-decoration: none; }
.topbar .langs a.active { color: #fff; font-weight: bold; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; margin-left: 4px; }
.pill-pass { background: #2e7d4f; } .pill-fail { background: #c0392b; } .pill-warn { background: #b07d00; } .pill-built { background: #5b6770; }
.banner { border: 1px solid #e0b84d; background: #fff6dc; padding: 8px 12px; margin: 12px 0; border-radius: 3px; }
.banner h2 { border: 0; margin: 0 0 4px; font-size: 15px; }
.banner table { border-collapse: collapse; margin: 4px 0; }
.banner td, .banner th { padding: 1px 10px 1px 0; text-align: left; font-weight: normal; }
.banner td.amt { text-align: right; font-variant-numeric: tabular-nums; }
button { font: inherit; padding: 3px 12px; border: 1px solid #8a949e; border-radius: 3px; background: #f6f8fa; cursor: pointer; }
button.primary { background: #1f5fa8; color: #fff; border-color: #1f5fa8; }
button:disabled { opacity: .5; cursor: not-allowed; }
nav.versions { margin: 10px 0 0; align-items: baseline; }
nav.versions .tag.sample { background: #fff1c7; color: #6b5200; border: 1px solid #e0b84d; }
.compare-picker { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; margin: 8px 0; }
.compare-picker select { font: inherit; }
.compare-tables .statement { margin: 0 0 22px; }
table.comparison-table { width: auto; table-layout: fixed; }
table.comparison-table col.amount-col { width: 8.5em; }
table.comparison-table col.note-col { width: 26em; }
table.comparison-table tr.moved td.diff { font-weight: bold; }
table.comparison-table tr.overrun th, table.comparison-table tr.overrun td { background: #fdecea; }
table.comparison-table td.note { text-align: left; font-size: 12px; color: #333; max-width: 28em; }
.tabs { display: flex; flex-wrap: wrap; gap: 4px; margin: 10px 0; }
.tabs a { padding: 3px 10px; border: 1px solid #c5ccd3; border-radius: 3px; color: #1f5fa8; text-decoration: none; background: #fff; }
.tabs a.active { background: #1f5fa8; color: #fff; border-color: #1f5fa8; }
.statements-grid.single { display: grid; grid-template-columns: repeat(auto-fit, minmax(30em, 1fr)); gap: 0 28px; align-items: start; }
table.fs.single { width: 100%; }
table.fs.single col.amount-col { width: 12em; }
table.fs td.fig { cursor: pointer; }
table.fs td.fig:hover, table.fs td.fig:focus { outline: 2px solid #1f5fa8; outline-offset: -2px; }
table.fs td.fig.selected { background: #dcebfa; }
table.fs td.changed { background: #fff1b8; }
table.fs td.leaf-cell { text-decoration: underline dotted #8a949e; }
.drill { position: fixed; top: 36px; right: 0; bottom: 0; width: min(620px, 48vw); overflow: auto; background: #fff; border-left: 1px solid #9aa6b1; box-shadow: -4px 0 16px rgba(0,0,0,.12); padding: 10px 16px 30px; z-index: 10; }
.drill header { display: flex; justify-content: space-between; align-items: baseline; gap: 10px; }
.drill h3 { margin: 6px 0; }
.drill .figure { font-size: 20px; font-weight: bold; font-variant-numeric: tabular-nums; margin: 2px 0 8px; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.1em; }
ul.tree { padding-left: 0; }
ul.tree ul { border-left: 1px dotted #9aa6b1; }
ul.tree li { margin: 2px 0; }
ul.tree summary { cursor: pointer; }
ul.tree .op { display: inline-block; width: 1.2em; color: #56606a; }
ul.tree .amt { font-variant-numeric: tabular-nums; font-weight: bold; margin: 0 6px; }
ul.tree .amt.neg { color: #a32116; }
ul.tree .formula, ul.tree .rows { color: #56606a; font-size: 12px; }
ul.tree a.term { color: #1f5fa8; cursor: pointer; text-decoration: none; }
ul.tree .src { font-family: "DejaVu Sans Mono", monospace; font-size: 11.5px; background: #f3f5f7; padding: 0 4px; border-radius: 2px; }
ul.tree .note { color: #56606a; font-size: 12px; }
form.whatif { border: 1px solid #e0b84d; background: #fffaf0; padding: 6px 10px; margin: 8px 0; border-radius: 3px; }
form.whatif input { font: inherit; width: 12em; text-align: right; }
.error { color: #a32116; font-weight: bold; }
.ok { color: #1d6b41; font-weight: bold; }
form.filters { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: end; margin: 8px 0 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: #33414e; }
form.filters select { font: inherit; padding: 2px 4px; max-width: 32em; }
.quick a { margin-right: 12px; }
.pager { margin: 8px 0; }
dl.numbers dd.range { font-weight: normal; }
.doc-line { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; background: #f6f8fa; border: 1px solid #e3e7ea; padding: 3px 8px; margin: 4px 0; white-space: pre-wrap; }
.doc-line mark { background: #ffd7d1; }
.doc-line .fix { font-family: inherit; font-weight: bold; color: #1d6b41; }
.dropzone { border: 2px dashed #8a949e; border-radius: 6px; padding: 36px; text-align: center; color: #33414e; background: #fafbfc; margin: 12px 0; }
.dropzone.over { background: #e8f1fb; border-color: #1f5fa8; }
table.plain { border-collapse: collapse; margin: 6px 0; }
table.plain th, table.plain td { border-bottom: 1px solid #e3e7ea; padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
table.plain td.amt, table.plain th.amt { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.issues li { margin: 6px 0; }
.issues pre { margin: 2px 0; white-space: pre-wrap; }
.muted { color: #56606a; }
.key-figures td.amt { min-width: 8em; }
`;

/** The page's style sheet: the report's, then the page's own. */
export const APP_CSS = `${REPORT_STYLE}\n${PAGE_STYLE}`;

const PAGE_SCRIPT = `
(function () {
  "use strict";
  function meta(name) { var m = document.querySelector('meta[name="' + name + '"]'); return m ? m.content : ""; }
  var token = meta("yosan-token");
  // The page's language (its <html lang>), for the few words the script says itself.
  var ja = document.documentElement.lang === "ja";
  var generation = Number(meta("yosan-generation"));
  function post(url, body, type) {
    return fetch(url, { method: "POST", headers: { "x-yosan-token": token, "content-type": type || "application/json" }, body: body, credentials: "same-origin" });
  }
  function text(res) { return res.text().then(function (t) { return { ok: res.ok, status: res.status, text: t }; }); }

  // The version the page shows (版): every link, form and request of the page carries it, so a
  // page opened from this one shows the same version whatever another tab picked.
  var shown = document.body.getAttribute("data-version") || "";
  function withShown(href) {
    if (!shown) return href;
    var url = new URL(href, location.href);
    if (url.origin !== location.origin || url.searchParams.has("v")) return href;
    if (url.pathname === "/compare" || url.pathname === "/import" || url.pathname.indexOf("/assets/") === 0) return href;
    url.searchParams.set("v", shown);
    return url.pathname + url.search + url.hash;
  }
  if (shown) {
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (href && href.charAt(0) === "/") a.setAttribute("href", withShown(href));
    });
    Array.prototype.forEach.call(document.querySelectorAll('form[method="get"]'), function (f) {
      if (f.querySelector('input[name="v"]') || f.getAttribute("action") === "/compare") return;
      var v = document.createElement("input");
      v.type = "hidden"; v.name = "v"; v.value = shown;
      f.appendChild(v);
    });
  }

  // Live reload: the server says when the book changed on disk.
  if (window.EventSource) {
    var events = new EventSource("/events");
    events.addEventListener("book", function (e) {
      var g = Number(JSON.parse(e.data).generation);
      if (g !== generation) location.reload();
    });
  }

  // Drill-down: any figure (and any term of a derivation) opens its derivation in the panel.
  var drill = document.getElementById("drill");
  function openExplain(line, segment) {
    if (!drill) return;
    var q = "line=" + encodeURIComponent(line) + "&segment=" + encodeURIComponent(segment) + (shown ? "&v=" + encodeURIComponent(shown) : "");
    fetch("/fragment/explain?" + q, { credentials: "same-origin" }).then(text).then(function (r) {
      drill.innerHTML = r.ok ? r.text : '<p class="error"></p>';
      if (!r.ok) drill.querySelector(".error").textContent = r.text;
      drill.hidden = false;
      var url = new URL(location.href);
      url.searchParams.set("explain", line);
      url.searchParams.set("at", segment);
      history.replaceState(null, "", url);
      Array.prototype.forEach.call(document.querySelectorAll("td.fig.selected"), function (c) { c.classList.remove("selected"); });
      Array.prototype.forEach.call(document.querySelectorAll("td.fig"), function (c) {
        if (c.getAttribute("data-line") === line && c.getAttribute("data-segment") === segment) c.classList.add("selected");
      });
    });
  }
  function closeExplain() {
    if (!drill) return;
    drill.hidden = true;
    var url = new URL(location.href);
    url.searchParams.delete("explain");
    url.searchParams.delete("at");
    history.replaceState(null, "", url);
  }
  document.addEventListener("click", function (e) {
    var t = e.target;
    var fig = t.closest && t.closest("[data-explain]");
    if (fig) { e.preventDefault(); openExplain(fig.getAttribute("data-line"), fig.getAttribute("data-segment")); return; }
    var close = t.closest && t.closest("[data-close-drill]");
    if (close) { closeExplain(); return; }
    var action = t.closest && t.closest("button[data-action]");
    if (action) { act(action); }
  });
  document.addEventListener("keydown", function (e) {
    var fig = e.target.closest && e.target.closest("td[data-explain]");
    if (fig && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); openExplain(fig.getAttribute("data-line"), fig.getAttribute("data-segment")); }
    if (e.key === "Escape") closeExplain();
  });

  function show(target, r) {
    if (!target) return;
    if (r.ok) target.innerHTML = r.text;
    else { target.textContent = ""; var p = document.createElement("p"); p.className = "error"; p.textContent = r.text; target.appendChild(p); }
  }

  // What-if: a leaf's figure set on the page; the server recomputes and the page reloads.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-whatif]")) return;
    e.preventDefault();
    var body = JSON.stringify({ line: form.getAttribute("data-line"), segment: form.getAttribute("data-segment"), amount: form.elements.amount.value, version: shown || undefined });
    var out = form.querySelector(".message");
    post("/api/whatif", body).then(function (res) { return res.json().catch(function () { return { ok: false, message: "HTTP " + res.status }; }); }).then(function (r) {
      if (r.ok) location.reload();
      else if (out) { out.className = "message error"; out.textContent = r.message; }
    });
  });

  function act(button) {
    var what = button.getAttribute("data-action");
    var out = document.getElementById(button.getAttribute("data-output") || "") || button.parentElement;
    button.disabled = true;
    if (what === "whatif-discard") {
      post("/api/whatif/discard", "{}").then(function () { location.reload(); });
    } else if (what === "whatif-apply") {
      post("/api/whatif/apply", "{}").then(text).then(function (r) { show(out, r); button.disabled = false; });
    } else if (what === "import-apply") {
      post("/api/import/" + encodeURIComponent(button.getAttribute("data-id")) + "/apply", "{}").then(text).then(function (r) { show(document.getElementById("import-result"), r); });
    }
  }

  // Import by drag and drop (or the file chooser): the server previews, Apply writes.
  var zone = document.getElementById("dropzone");
  function upload(file) {
    var result = document.getElementById("import-result");
    if (!result) return;
    result.innerHTML = ja ? '<p class="muted"><span class="name"></span> を読み込んでいます …</p>' : '<p class="muted">reading <span class="name"></span> …</p>';
    result.querySelector(".name").textContent = file.name;
    fetch("/api/import", { method: "POST", credentials: "same-origin", body: file,
      headers: { "x-yosan-token": token, "content-type": "application/octet-stream", "x-yosan-file-name": encodeURIComponent(file.name) } })
      .then(text).then(function (r) { show(result, r); });
  }
  if (zone) {
    ["dragenter", "dragover"].forEach(function (t) { zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); }); });
    ["dragleave", "drop"].forEach(function (t) { zone.addEventListener(t, function () { zone.classList.remove("over"); }); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      var files = e.dataTransfer && e.dataTransfer.files;
      if (files && files.length > 0) upload(files[0]);
    });
    var input = document.getElementById("import-file");
    if (input) input.addEventListener("change", function () { if (input.files.length > 0) upload(input.files[0]); });
  }

  // Findings filters apply as soon as one is chosen.
  Array.prototype.forEach.call(document.querySelectorAll("form.filters select"), function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
})();
`;

/** The page's script, with the report's chart switch. */
export const APP_JS = `${PAGE_SCRIPT}\n${REPORT_SCRIPT}`;
