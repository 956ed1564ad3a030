/**
 * The web page at `/`: one self-contained HTML document (style and script inline), so the user
 * needs no build step and the package no static folder. See page-script.ts for what it does.
 */
import { PAGE_SCRIPT } from './page-script.js';

const STYLE = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { display: flex; gap: 1rem; align-items: center; padding: .8rem 1.2rem; background: #1d2330; color: #fff; }
  header h1 { font-size: 1.1rem; margin: 0; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; padding: 1rem 1.2rem; }
  section { background: #fff; border-radius: 6px; padding: .8rem 1rem; box-shadow: 0 1px 2px #0002; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: .95rem; margin: 0 0 .5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e4e6ea; white-space: nowrap; }
  tr[data-run-id] { cursor: pointer; }
  .state.success { color: #18794e; } .state.failed, .state.interrupted { color: #c62a2f; } .state.running { color: #0b5fbf; } .state.aborted { color: #8a6d00; }
  .badge { padding: .15rem .5rem; border-radius: 4px; background: #888; }
  .badge.ok { background: #18794e; } .badge.failing, .badge.stale { background: #c62a2f; }
  svg { width: 100%; height: 140px; background: #fafbfc; }
  rect.ok, circle.ok { fill: #30a46c; } rect.warn { fill: #f5a524; } rect.bad, circle.bad { fill: #e5484d; }
  polyline.line { fill: none; stroke: #8b93a1; stroke-width: 1.5; } text.axis { font-size: 10px; fill: #667; }
  pre#log { height: 18rem; overflow: auto; background: #10141c; color: #d8dee9; padding: .6rem; margin: 0; font-size: 12px; }
  button { font: inherit; padding: .25rem .8rem; }
  #error { color: #c62a2f; }
`;

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:">
<title>etl-cycle</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>etl-cycle · <span id="project">…</span></h1>
  <span id="health" class="badge">…</span>
  <span>success rate <strong id="rate">–</strong></span>
  <span style="flex:1"></span>
  <button id="start" type="button">Start a run</button>
  <button id="cancel" type="button" hidden>Cancel the running run</button>
</header>
<form id="auth" hidden style="padding:.6rem 1.2rem;background:#fff3cd">
  The API needs the server's token: <input id="token" type="password" autocomplete="off"> <button type="submit">Use it</button>
</form>
<main>
  <section><h2>Success rate per day</h2><svg id="rate-chart" viewBox="0 0 600 140" preserveAspectRatio="none" role="img" aria-label="success rate per day"></svg></section>
  <section><h2>Duration of the recent runs</h2><svg id="duration-chart" viewBox="0 0 600 140" preserveAspectRatio="none" role="img" aria-label="run durations"></svg></section>
  <section class="wide"><h2>Recent runs</h2><p id="error"></p>
    <table><thead><tr><th>run</th><th>state</th><th>trigger</th><th>started</th><th>duration</th><th>iterations</th><th>class</th></tr></thead>
    <tbody id="runs-body"></tbody></table><p id="empty" hidden>No run recorded yet.</p></section>
  <section class="wide"><h2 id="log-title">Log</h2><pre id="log"></pre></section>
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
