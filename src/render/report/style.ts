/** The report page's style sheet and its few lines of script (no data, no network). */
export const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 16px 24px 40px; max-width: 1480px; color: #1d232a; background: #fff;
  font-family: "IPAexGothic", "IPAexゴシック", "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
  font-size: 13px; line-height: 1.45; }
h1 { font-size: 22px; margin: 4px 0 6px; }
h1 .book-title { font-weight: normal; }
h2 { font-size: 18px; border-bottom: 2px solid #33414e; padding-bottom: 4px; margin: 28px 0 12px; }
h3 { font-size: 15px; margin: 20px 0 8px; }
h2 small, h3 small { font-weight: normal; color: #56606a; font-size: 12px; }
.meta { margin: 0 0 4px; color: #33414e; }
.note { color: #56606a; font-size: 12px; margin: 4px 0; }
.mono, code { font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; font-size: 11.5px; }
nav a { color: #1f5fa8; }
.status { display: inline-block; padding: 3px 10px; border-radius: 3px; font-weight: bold; margin: 6px 0; }
.status-pass { background: #e3f3ea; color: #1d6b41; }
.status-warn { background: #fff4d6; color: #7a5300; }
.status-fail { background: #fde4e1; color: #a32116; }
.tag { font-size: 11px; font-weight: normal; background: #e8ecef; padding: 1px 6px; border-radius: 3px; }
table.fs { border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 8px; }
table.fs col.label-col { width: 16em; }
table.outlook col.label-col { width: 20em; }
table.fs th, table.fs td { border-bottom: 1px solid #e3e7ea; padding: 2px 6px; }
table.fs thead th { background: #eef1f4; border-bottom: 2px solid #9aa6b1; font-weight: bold; font-size: 12px;
  text-align: center; vertical-align: bottom; line-height: 1.3; }
table.fs th.label { text-align: left; font-weight: normal; }
table.fs td.amt { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.fs .total-col { background: #f6f8fa; }
table.fs tr.heading th.label { font-weight: bold; color: #33414e; padding-top: 6px; }
table.fs tr.subtotal th.label, table.fs tr.subtotal td { font-weight: bold; }
table.fs tr.subtotal td { border-top: 1px solid #9aa6b1; }
table.fs tbody tr:hover td, table.fs tbody tr:hover th { background: #eef5fc; }
table.fs td[title] { cursor: help; }
.statement.supplementary table.fs { font-size: 12px; }
ol.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border: 1px solid #d6dbe0; border-left: 5px solid #9aa6b1; border-radius: 3px; padding: 6px 10px; margin: 0 0 8px; }
li.finding p { margin: 2px 0; }
li.finding-fail { border-left-color: #c0392b; background: #fff8f7; }
li.finding-warn { border-left-color: #d69e00; background: #fffcf2; }
.finding-head code { font-weight: bold; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 11px; font-weight: bold; }
.badge-fail { background: #c0392b; } .badge-warn { background: #b07d00; } .badge-pass { background: #2e7d4f; }
.target { font-weight: bold; }
dl.numbers { display: flex; flex-wrap: wrap; gap: 2px 8px; margin: 2px 0; }
dl.numbers dt { color: #56606a; } dl.numbers dd { margin: 0 14px 0 0; font-variant-numeric: tabular-nums; font-weight: bold; }
.sources { font-size: 11.5px; color: #56606a; } .sources .mono { margin-right: 8px; }
.hint { font-size: 12px; color: #33414e; }
.fail-heading { color: #a32116; } .warn-heading { color: #7a5300; }
table.check-summary { border-collapse: collapse; width: 100%; }
table.check-summary th, table.check-summary td { border-bottom: 1px solid #e3e7ea; padding: 3px 6px; text-align: left; vertical-align: top; }
table.check-summary thead th { background: #eef1f4; }
table.check-summary td.num { text-align: right; font-variant-numeric: tabular-nums; width: 4.5em; }
td.bad { color: #a32116; font-weight: bold; } td.warnc { color: #7a5300; font-weight: bold; }
td.hint-cell { color: #56606a; font-size: 12px; }
.chart-block { margin: 12px 0 28px; break-inside: avoid; }
.caption { color: #33414e; margin: 0 0 6px; }
figure { margin: 6px 0; }
figcaption { font-weight: bold; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; display: block; font-family: inherit; }
svg.chart text { font-family: "IPAexGothic", "IPAexゴシック", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; fill: #1d232a; }
svg.chart .label { font-size: 13px; }
svg.chart .strong { font-weight: bold; }
svg.chart .legend { font-size: 12px; }
svg.chart .tick { font-size: 11px; fill: #56606a; }
svg.chart .value { font-size: 12px; font-variant-numeric: tabular-nums; }
svg.chart .value.group { fill: #56606a; }
svg.chart .grid { stroke: #e3e7ea; stroke-width: 1; }
svg.chart .axis { stroke: #33414e; stroke-width: 1; }
svg.chart .connector { stroke: #8a949e; stroke-width: 1; stroke-dasharray: 3 2; }
.selector { display: inline-block; margin: 0 0 6px; }
.selector select { font: inherit; padding: 2px 4px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; vertical-align: baseline; }
table.outlook thead th { font-weight: normal; }
h4 { font-size: 13px; margin: 14px 0 4px; }
table.changes { table-layout: auto; font-size: 12px; }
table.changes td { padding: 2px 6px; vertical-align: top; }
table.changes tr.total-row td { font-weight: bold; background: #f6f8fa; }
table.changes tr.over td { color: #a32116; }
table.changes tr.over td.amt:nth-child(5) { font-weight: bold; }
footer { margin-top: 30px; color: #56606a; font-size: 11px; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5px; }
  .screen-only, .selector { display: none; }
  section.page { break-before: page; }
  header + section.page { break-before: auto; }
  h2 { margin-top: 0; }
  .statement { break-inside: auto; }
  .statement + .statement { break-before: page; }
  table.fs thead { display: table-header-group; }
  table.fs tr, li.finding { break-inside: avoid; }
  table.fs thead th { font-size: 9px; }
  svg.chart { max-height: 170mm; width: auto; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** Switch the waterfall between the pre-rendered segments; no data, no network. */
export const SCRIPT = `
(function () {
  var selects = document.querySelectorAll("select[data-chart-switch]");
  Array.prototype.forEach.call(selects, function (select) {
    var chart = select.getAttribute("data-chart-switch");
    function show() {
      var figures = document.querySelectorAll('[data-chart="' + chart + '"]');
      Array.prototype.forEach.call(figures, function (figure) {
        figure.hidden = figure.getAttribute("data-column") !== select.value;
      });
    }
    select.addEventListener("change", show);
    show();
  });
})();
`;
