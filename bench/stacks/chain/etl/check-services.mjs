#!/usr/bin/env node
// The six-service stack's orchestrator: every service must answer on its published port, in
// dependency order (a pipeline that reads from each stage). It waits a little for each (the usual
// short "wait-for" loop) and retries nothing else.
// Environment: STORE_PORT, QUEUE_PORT, TRANSFORM_PORT, CHAIN_API_PORT, REPORT_PORT, METRICS_PORT, DEPS_WAIT_SECONDS (default 5).
const services = [
  ['store', 'STORE_PORT', 18091],
  ['queue', 'QUEUE_PORT', 18092],
  ['transform', 'TRANSFORM_PORT', 18093],
  ['api', 'CHAIN_API_PORT', 18094],
  ['report', 'REPORT_PORT', 18095],
  ['metrics', 'METRICS_PORT', 18096],
];
const waitMs = Number(process.env.DEPS_WAIT_SECONDS ?? '5') * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function check(name, url) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await response.text();
      console.log(`${name}: ok`);
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`${name} at ${url}: ${error.cause?.message ?? error.message}`);
      await sleep(250);
    }
  }
}

try {
  for (const [name, variable, fallback] of services) await check(name, `http://127.0.0.1:${process.env[variable] ?? fallback}/index.html`);
  console.log('pipeline complete');
} catch (error) {
  console.error(`pipeline failed: ${error.message}`);
  process.exit(1);
}
