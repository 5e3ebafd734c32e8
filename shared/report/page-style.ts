/** The report's stylesheet: readable at laptop width, printable. */
export const PAGE_STYLE = `
:root { --fg: #1d1d1f; --muted: #6b6b70; --line: #e2e2e6; --accent: #b3261e; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  margin: 0; background: #fafafa; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 64px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 40px; }
h3 { font-size: 17px; margin: 24px 0 8px; }
h4 { font-size: 14px; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: .03em;
  color: var(--muted); }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f0f0f3;
  padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.muted, .sub { color: var(--muted); }
.note { background: #fff8e1; border-left: 3px solid #f0b400; padding: 6px 10px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); white-space: nowrap; }
table.samples td:first-child code { white-space: nowrap; overflow-wrap: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.figure { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px;
  min-width: 120px; color: var(--muted); font-size: 13px; }
.figure span { display: block; font-size: 22px; color: var(--fg); font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; background: #e8e8ec; }
.status-pass { background: #dff3e4; color: #1b5e20; }
.status-improved { background: #dbeafe; color: #1e3a8a; }
.status-fail, .status-regressed { background: #fde2e1; color: var(--accent); }
.status-error { background: #fbe3c8; color: #7f3f00; }
.status-not-applicable { background: #eeeeee; color: #555; }
.action { background: #ede7f6; color: #4527a0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 20px 16px;
  margin: 20px 0; }
.hypothesis { font-size: 16px; font-weight: 500; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 8px 0; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
.chart-row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.chart { min-height: 40px; }
.snippet { font-size: 13px; overflow-wrap: anywhere; }
.thumb { max-width: 96px; max-height: 96px; }
.heatmap { width: 192px; image-rendering: pixelated; border: 1px solid var(--line); }
.changes dt { font-weight: 600; }
.changes dd { margin: 0 0 8px 16px; }
label.pick { display: block; margin: 4px 0 8px; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; }
`;
