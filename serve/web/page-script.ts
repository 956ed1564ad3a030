/**
 * The script of the web page at `/`, as text (the page needs no build step and no file beside
 * the bundle). Plain browser JavaScript: it reads the same API as everyone else, redraws every
 * two seconds, draws its two charts as SVG, and follows a running run's log over the SSE route
 * with fetch (EventSource cannot send the Authorization header a token needs). Every value from
 * the API is set as text, never as HTML.
 */
export const PAGE_SCRIPT = String.raw`
'use strict';
const $ = (id) => document.getElementById(id);
const hashToken = new URLSearchParams(location.hash.slice(1)).get('token');
if (hashToken) { sessionStorage.setItem('etlCycleToken', hashToken); history.replaceState(null, '', location.pathname); }
let token = sessionStorage.getItem('etlCycleToken') || '';
let following = null;

function headers() { return token ? { authorization: 'Bearer ' + token } : {}; }
async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { ...headers(), ...(init.headers || {}) } });
  if (res.status === 401) { $('auth').hidden = false; throw new Error('the API needs the server token'); }
  return res;
}
function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}
function svg(tag, attrs = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}
function seconds(s) {
  if (s === null || s === undefined) return '–';
  if (s < 60) return s.toFixed(1) + ' s';
  const m = Math.floor(s / 60);
  return m < 60 ? m + 'm ' + Math.round(s % 60) + 's' : Math.floor(m / 60) + 'h ' + (m % 60) + 'm';
}
function when(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }

function drawRuns(runs) {
  const body = $('runs-body');
  body.replaceChildren(...runs.map((run) => {
    const row = el('tr', undefined, { 'data-run-id': run.execution_id, 'data-state': run.state });
    row.append(el('td', run.execution_id), el('td', run.state, { class: 'state ' + run.state }), el('td', run.trigger),
      el('td', when(run.start_time)), el('td', seconds(run.duration_seconds)), el('td', run.iterations), el('td', run.main_class || ''));
    row.addEventListener('click', () => follow(run.execution_id));
    return row;
  }));
  $('empty').hidden = runs.length > 0;
}

/** Success rate per day (success / runs that said something about the pipeline), the last 30 days. */
function drawSuccessRate(runs) {
  const days = new Map();
  for (const run of runs) {
    if (!['success', 'failed', 'interrupted'].includes(run.state)) continue;
    const day = run.start_time.slice(0, 10);
    const d = days.get(day) || { ok: 0, all: 0 };
    d.all += 1; if (run.state === 'success') d.ok += 1;
    days.set(day, d);
  }
  const entries = [...days.entries()].sort().slice(-30);
  const chart = $('rate-chart');
  chart.replaceChildren();
  const w = 600, h = 140, bw = w / Math.max(entries.length, 1);
  entries.forEach(([day, d], i) => {
    const rate = d.ok / d.all, bh = Math.max(2, rate * (h - 20));
    const bar = svg('rect', { x: i * bw + 2, y: h - bh, width: Math.max(bw - 4, 2), height: bh, class: rate === 1 ? 'ok' : rate >= 0.5 ? 'warn' : 'bad' });
    const title = svg('title'); title.textContent = day + ': ' + Math.round(rate * 100) + ' % of ' + d.all + ' run(s)';
    bar.append(title); chart.append(bar);
  });
  const judged = runs.filter((r) => ['success', 'failed', 'interrupted'].includes(r.state));
  $('rate').textContent = judged.length ? Math.round((100 * judged.filter((r) => r.state === 'success').length) / judged.length) + ' %' : '–';
}

/** Duration of each finished run, oldest left; green dots for green runs. */
function drawDurations(runs) {
  const points = runs.filter((r) => r.duration_seconds !== null).slice(0, 100).reverse();
  const chart = $('duration-chart');
  chart.replaceChildren();
  if (!points.length) return;
  const w = 600, h = 140, max = Math.max(...points.map((r) => r.duration_seconds), 1);
  const x = (i) => 10 + (i * (w - 20)) / Math.max(points.length - 1, 1), y = (s) => h - 10 - (s / max) * (h - 30);
  chart.append(svg('polyline', { points: points.map((r, i) => x(i) + ',' + y(r.duration_seconds)).join(' '), class: 'line' }));
  points.forEach((r, i) => {
    const dot = svg('circle', { cx: x(i), cy: y(r.duration_seconds), r: 3, class: r.state === 'success' ? 'ok' : 'bad' });
    const title = svg('title'); title.textContent = r.execution_id + ': ' + seconds(r.duration_seconds);
    dot.append(title); chart.append(dot);
  });
  const label = svg('text', { x: 4, y: 12, class: 'axis' }); label.textContent = 'max ' + seconds(max); chart.append(label);
}

async function follow(id) {
  if (following && following.id === id) return;
  if (following) following.abort.abort();
  const abort = new AbortController();
  following = { id, abort };
  $('log-title').textContent = 'Log of ' + id;
  $('log').textContent = '';
  $('log').setAttribute('data-run-id', id);
  $('log').removeAttribute('data-ended');
  try {
    const res = await api('/api/runs/' + id + '/log?follow=1', { signal: abort.signal });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
        const event = (/^event: (\w+)$/m.exec(block) || [])[1];
        const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (event === 'end') $('log').setAttribute('data-ended', JSON.parse(data).state || '');
        else if (!event && data) $('log').append(data + '\n');
      }
      $('log').scrollTop = $('log').scrollHeight;
    }
  } catch (error) {
    if (!abort.signal.aborted) $('log').append('(' + error.message + ')\n');
  }
}

async function refresh() {
  try {
    const health = await (await fetch('/health')).json();
    $('project').textContent = health.project;
    $('health').textContent = health.status;
    $('health').className = 'badge ' + health.status;
    $('health').title = health.reason;
    const { runs } = await (await api('/api/runs?limit=500')).json();
    $('auth').hidden = true;
    drawRuns(runs.slice(0, 25));
    drawSuccessRate(runs);
    drawDurations(runs);
    const running = runs.find((r) => r.state === 'running');
    $('cancel').hidden = !running;
    $('start').disabled = Boolean(running);
    if (running) { $('cancel').dataset.id = running.execution_id; follow(running.execution_id); }
    else if (!following && runs[0]) follow(runs[0].execution_id);
    $('error').textContent = '';
  } catch (error) {
    $('error').textContent = error.message;
  }
}

$('start').addEventListener('click', async () => {
  const res = await api('/api/runs', { method: 'POST' });
  const body = await res.json();
  $('error').textContent = res.status === 202 ? '' : body.message;
  if (res.status === 202) { following = null; refresh(); }
});
$('cancel').addEventListener('click', async () => { await api('/api/runs/' + $('cancel').dataset.id, { method: 'DELETE' }); refresh(); });
$('auth').addEventListener('submit', (e) => {
  e.preventDefault(); token = $('token').value.trim(); sessionStorage.setItem('etlCycleToken', token); refresh();
});
refresh();
setInterval(refresh, 2000);
`;
