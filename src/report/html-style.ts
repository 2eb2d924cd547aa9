// The HTML report's stylesheet: the TUI's palette (screens/theme.ts) as CSS colours — the light
// theme's 256-colour tints on a white page, the dark theme's accents on a dark page, chosen by
// `prefers-color-scheme` — and a layout that reads on a laptop or a phone. Inline, so the file
// stays self-contained (the page's Content-Security-Policy allows inline style only).

// xterm 256-colour values: light 241 grey, 25 blue, 28 green, 130 orange, 160 red, 90 purple
// (the TUI's light theme); dark 245 grey and the accents of its dark theme.
export const REPORT_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1c1c1c;--dim:#626262;--panel:#f5f6f8;--line:#dfe2e6;
--accent:#005faf;--ok:#008700;--warn:#af5f00;--bad:#d70000;--alt:#870087;--area:.12}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#e4e4e4;--dim:#8a8a8a;--panel:#1c1f24;--line:#30353c;
--accent:#00afaf;--ok:#5faf00;--warn:#d7af00;--bad:#ff5f5f;--alt:#d75fd7;--area:.18}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 24px 40px}
header.top{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 18px;border-bottom:2px solid var(--accent);padding-bottom:12px;margin-bottom:18px}
header.top .brand{font-weight:700;color:var(--accent);letter-spacing:.04em}
header.top h1{font-size:26px;margin:0}
header.top .window{margin:0;font-size:16px}
header.top .meta{margin:0;width:100%;color:var(--dim);font-size:13px}
h2{font-size:18px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card .label{color:var(--dim);font-size:12px;text-transform:uppercase;letter-spacing:.05em}
.card .value{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.card .sub{color:var(--dim);font-size:12px}
.card.alerting .value{color:var(--bad)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:14px}
figure.chart{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 10px 4px}
figure.chart figcaption{display:flex;justify-content:space-between;flex-wrap:wrap;gap:6px;font-weight:600;margin:0 4px 4px}
figure.chart svg{width:100%;height:auto;display:block}
.legend{font-weight:400;font-size:13px;color:var(--dim)}
.key{margin-left:12px;white-space:nowrap}.sw{display:inline-block;width:12px;height:3px;vertical-align:middle;margin-right:5px}
svg text{fill:var(--dim);font-size:12px;font-family:inherit}
svg .grid{stroke:var(--line);stroke-width:1}
svg .axis,svg .tick{stroke:var(--dim);stroke-width:1}
svg .line{fill:none;stroke-width:2;stroke-linejoin:round}
svg .area{stroke:none;opacity:var(--area)}
.c-accent{stroke:var(--accent);fill:var(--accent);background:var(--accent)}
.c-ok{stroke:var(--ok);fill:var(--ok);background:var(--ok)}
.c-warn{stroke:var(--warn);fill:var(--warn);background:var(--warn)}
.c-bad{stroke:var(--bad);fill:var(--bad);background:var(--bad)}
.c-alt{stroke:var(--alt);fill:var(--alt);background:var(--alt)}
.c-dim{stroke:var(--dim);fill:var(--dim);background:var(--dim)}
svg .line.c-accent,svg .line.c-ok,svg .line.c-warn,svg .line.c-bad,svg .line.c-alt,svg .line.c-dim{fill:none}
.marker line{stroke-width:1.5;stroke-dasharray:4 3}
.sev-critical line,.sev-high line{stroke:var(--bad)}.sev-critical path,.sev-high path{fill:var(--bad)}
.sev-medium line{stroke:var(--warn)}.sev-medium path{fill:var(--warn)}
.sev-low line{stroke:var(--accent)}.sev-low path{fill:var(--accent)}
.note{color:var(--dim);font-size:13px;margin:6px 0 0}
table{border-collapse:collapse;width:100%;font-size:14px}
th{text-align:left;color:var(--dim);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.04em;border-bottom:1px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:700;text-transform:uppercase;color:var(--bg)}
.sev-critical.badge,.sev-high.badge{background:var(--bad)}.sev-medium.badge{background:var(--warn)}.sev-low.badge{background:var(--accent)}
.replay{margin-top:4px}.replay code{color:var(--accent)}
details{margin-top:6px}summary{cursor:pointer;color:var(--dim);font-size:13px}
details table{margin-top:6px;font-size:13px}
tr.subject td:first-child{border-left:3px solid var(--bad)}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:18px}
.two h3{font-size:15px;margin:6px 0}
footer{margin-top:36px;color:var(--dim);font-size:12px}
@media (max-width:600px){main{padding:14px}.charts,.two{grid-template-columns:1fr}}
`;
