/**
 * Alerts on a real SQLite ledger into a real HTTP receiver: a failing then recovering run
 * (JSON signed with HMAC-SHA256, and Slack), deliveries retried on 503 and recorded attempt by
 * attempt, a 404 given up at once, a silent receiver cut by the per-attempt timeout, the
 * success rate alerting once when it falls below its threshold, a missing secret never sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendAlerts } from '../../../alerts/send-alerts.js';
import type { AlertSettings, AlertWebhook, RunOutcome } from '../../../alerts/types.js';
import { alertLedgerOf } from '../../../session/alert-ledger.js';
import { processMasker } from '../../../core/secret-masker.js';
import { openHistoryStore } from '../../../history/store/open-store.js';
import type { HistoryStore } from '../../../history/store/history-store.js';
import { startWebhookReceiver } from '../../support/webhook-receiver.js';
import type { WebhookReceiver } from '../../support/webhook-receiver.js';

const PROJECT = 'shop';
const SECRET = 'hook-signing-secret-4711';
const DB_PASSWORD = 'pg-password-0815';

let dir: string;
let store: HistoryStore;
const receivers: WebhookReceiver[] = [];
let clock = Date.parse('2026-12-01T02:00:00Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-alerts-'));
  const path = join(dir, 'history.db');
  store = await openHistoryStore({ flavour: 'sqlite', path, display: path });
  processMasker.add(DB_PASSWORD);
});
afterEach(async () => {
  await store.close();
  for (const receiver of receivers.splice(0)) await receiver.close();
  await rm(dir, { recursive: true, force: true });
  processMasker.clear();
});

async function receiver(answer?: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer);
  receivers.push(started);
  return started;
}

/** One finished run in the ledger, as `run` records it; returns what alerts judge. */
async function recordRun(state: 'success' | 'failed', n: number): Promise<RunOutcome> {
  const id = `20261201_0200${String(n).padStart(2, '0')}_run${n}`;
  const startedAt = (clock += 60_000);
  const endedAt = startedAt + 30_000;
  await store.startExecution({
    id,
    project: PROJECT,
    trigger: 'schedule',
    startedAt,
    maxIterations: 3,
    gitSha: null,
    gitBranch: null,
    host: 'ci-7',
    pid: 4242,
    version: '0.1.0',
    configHash: null,
    reportFile: null,
  });
  const failed = state === 'failed';
  await store.finishExecution(id, {
    state,
    stopReason: failed ? 'max_iterations' : 'success',
    endedAt,
    durationMs: 30_000,
    timeToGreenMs: failed ? null : 30_000,
    iterations: failed ? 3 : 1,
    mainClass: failed ? 'connection_refused' : null,
    diagnosis: failed ? `db refused postgres://etl:${DB_PASSWORD}@db:5432/shop` : null,
    backoffMs: {},
  });
  return {
    executionId: id,
    project: PROJECT,
    state,
    stopReason: failed ? 'max_iterations' : 'success',
    trigger: 'schedule',
    startedAt,
    endedAt,
    durationMs: 30_000,
    iterations: failed ? 3 : 1,
    maxIterations: 3,
    mainClass: failed ? 'connection_refused' : null,
    diagnosis: failed ? `db refused postgres://etl:${DB_PASSWORD}@db:5432/shop (password ${DB_PASSWORD})` : null,
    reportFile: null,
    host: 'ci-7',
  };
}

function settings(webhooks: AlertWebhook[], extra: Partial<AlertSettings> = {}): AlertSettings {
  return {
    webhooks,
    failure: true,
    recovery: true,
    timeoutMs: 2_000,
    retries: { count: 3, initialMs: 50, factor: 2, maxMs: 200 },
    ...extra,
  };
}

function hook(name: string, url: string, extra: Partial<AlertWebhook> = {}): AlertWebhook {
  return { name, format: 'json', url, headers: {}, events: ['failure', 'recovery', 'success_rate', 'gaps'], ...extra };
}

async function send(run: RunOutcome, alertSettings: AlertSettings, env: Record<string, string> = {}) {
  const warnings: string[] = [];
  const sent = await sendAlerts({
    run,
    settings: alertSettings,
    ledger: alertLedgerOf(store),
    env,
    version: '0.1.0',
    warn: (w) => warnings.push(w),
  });
  return { sent, warnings };
}

function verifySignature(body: string, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`);
  const given = Buffer.from(String(header));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('alerts into a real HTTP receiver', () => {
  it('a failing then recovering run: signed JSON and Slack messages, each attempt in the ledger, secrets masked', async () => {
    const json = await receiver();
    const slack = await receiver();
    const alertSettings = settings([
      hook('pager', json.url, { secretEnv: 'ALERT_SECRET', headers: { Authorization: 'Bearer ${HOOK_TOKEN}', 'X-Team': 'data' } }),
      hook('chat', slack.url, { format: 'slack', events: ['failure', 'recovery'] }),
    ]);
    const env = { ALERT_SECRET: SECRET, HOOK_TOKEN: 'hook-token-31337' };

    const failed = await recordRun('failed', 1);
    expect((await send(failed, alertSettings, env)).warnings).toEqual([]);
    const recovered = await recordRun('success', 2);
    expect((await send(recovered, alertSettings, env)).warnings).toEqual([]);

    expect(json.requests.map((r) => JSON.parse(r.body).event)).toEqual(['failure', 'recovery']);
    for (const request of json.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(verifySignature(request.body, request.headers['x-etl-cycle-signature'])).toBe(true);
      expect(request.headers.authorization).toBe('Bearer hook-token-31337');
      expect(request.headers['x-team']).toBe('data');
      expect(request.body).not.toContain(SECRET);
      expect(request.body).not.toContain(DB_PASSWORD);
    }
    const failure = JSON.parse(json.requests[0]!.body);
    expect(failure).toMatchObject({
      schema: 'etl-cycle.alert/v1',
      project: PROJECT,
      execution: { id: failed.executionId, state: 'failed', main_class: 'connection_refused', iterations: 3, trigger: 'schedule' },
    });
    expect(failure.execution.diagnosis).toContain('postgres://etl:***@db');
    const recovery = JSON.parse(json.requests[1]!.body);
    expect(recovery.details.previous_execution).toMatchObject({ id: failed.executionId, state: 'failed', mainClass: 'connection_refused' });
    // A tampered body does not verify.
    expect(verifySignature(json.requests[1]!.body.replace('recovery', 'failure'), json.requests[1]!.headers['x-etl-cycle-signature'])).toBe(
      false,
    );

    const slackBodies = slack.requests.map((r) => JSON.parse(r.body));
    expect(slackBodies).toHaveLength(2);
    expect(slack.requests[0]!.headers['x-etl-cycle-signature']).toBeUndefined();
    expect(slackBodies[0].text).toContain('shop: not green after 3 iteration(s)');
    expect(slackBodies[1].text).toContain('green again');
    expect(slackBodies[0].blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(slack.requests[0]!.body).not.toContain(DB_PASSWORD);

    const attempts = await store.alertDeliveries(PROJECT);
    expect(attempts.map((a) => [a.executionId, a.webhook, a.event, a.outcome, a.httpStatus]).sort()).toEqual(
      [
        [failed.executionId, 'pager', 'failure', 'delivered', 200],
        [failed.executionId, 'chat', 'failure', 'delivered', 200],
        [recovered.executionId, 'pager', 'recovery', 'delivered', 200],
        [recovered.executionId, 'chat', 'recovery', 'delivered', 200],
      ].sort(),
    );

    // Green after green: no recovery.
    await send(await recordRun('success', 3), alertSettings, env);
    expect(json.requests).toHaveLength(2);

    // history.retention takes the attempts with the executions.
    await store.prune(PROJECT, Date.now() + 1);
    expect(await store.alertDeliveries(PROJECT)).toEqual([]);
  });

  it('retries a 503 with backoff, one delivery id across attempts, every attempt recorded', async () => {
    const flaky = await receiver((n) => (n <= 2 ? 503 : 200));
    const { sent, warnings } = await send(await recordRun('failed', 1), settings([hook('flaky', flaky.url)]));
    expect(warnings).toEqual([]);
    expect(sent[0]!.result).toMatchObject({ delivered: true, attempts: 3 });
    expect(new Set(flaky.requests.map((r) => r.headers['x-etl-cycle-delivery'])).size).toBe(1);
    const attempts = await store.alertDeliveries(PROJECT);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([
      [1, 'retrying', 503],
      [2, 'retrying', 503],
      [3, 'delivered', 200],
    ]);
    expect(attempts[0]!.error).toContain('HTTP 503');
    // The waits were real: at least 50 ms then 100 ms between the attempts.
    expect(attempts[2]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(150);
  });

  it("honours a 429's Retry-After instead of the backoff", async () => {
    const limited = await receiver((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : 200));
    const alertSettings = settings([hook('limited', limited.url)], { retries: { count: 2, initialMs: 50, factor: 2, maxMs: 2_000 } });
    const { sent, warnings } = await send(await recordRun('failed', 1), alertSettings);
    expect(warnings).toEqual([]);
    expect(sent[0]!.result).toMatchObject({ delivered: true, attempts: 2 });
    const attempts = await store.alertDeliveries(PROJECT);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([
      [1, 'retrying', 429],
      [2, 'delivered', 200],
    ]);
    expect(attempts[0]!.error).toContain('Retry-After 1s');
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up on a 404 at once and on a silent receiver after its attempts; the warning names the webhook', async () => {
    const gone = await receiver(() => 404);
    const silent = await receiver(() => 'hang');
    const alertSettings = settings([hook('gone', gone.url), hook('silent', silent.url)], {
      timeoutMs: 300,
      retries: { count: 1, initialMs: 10, factor: 2, maxMs: 10 },
    });
    const { sent, warnings } = await send(await recordRun('failed', 1), alertSettings);
    expect(sent.map((s) => [s.webhook, s.result.delivered, s.result.attempts])).toEqual([
      ['gone', false, 1],
      ['silent', false, 2],
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/alert failure to webhook gone not delivered: HTTP 404.*the run's result is unchanged/);
    expect(warnings[1]).toMatch(/webhook silent not delivered after 2 attempts: no answer within 0.3s/);
    const attempts = await store.alertDeliveries(PROJECT);
    expect(attempts.filter((a) => a.webhook === 'silent').map((a) => a.outcome)).toEqual(['retrying', 'failed']);
    expect(attempts.filter((a) => a.webhook === 'gone').map((a) => a.outcome)).toEqual(['failed']);
  });

  it('alerts once when the success rate falls below its threshold, from the ledger rows', async () => {
    const rate = await receiver();
    const alertSettings = settings([hook('rate', rate.url, { events: ['success_rate'] })], {
      successRate: { below: 0.8, windowMs: 7 * 86_400_000, minRuns: 5 },
    });
    const outcomes: ('success' | 'failed')[] = ['success', 'success', 'success', 'success', 'failed', 'failed', 'failed', 'success'];
    for (const [i, state] of outcomes.entries()) {
      const run = await recordRun(state, i + 1);
      await sendAlerts({ run, settings: alertSettings, ledger: alertLedgerOf(store), env: {}, version: '0.1.0', warn: () => undefined });
    }
    // 4/5 = 80 % is not below; 4/6 crosses; 4/7 stays below (no repeat); 5/8 still below.
    expect(rate.requests).toHaveLength(1);
    const body = JSON.parse(rate.requests[0]!.body);
    expect(body).toMatchObject({ event: 'success_rate', details: { runs: 6, below: 0.8 } });
    expect(body.details.success_rate).toBeCloseTo(4 / 6);
  });

  it('does not send unsigned when secret_env is not set, and records why', async () => {
    const target = await receiver();
    const { warnings } = await send(
      await recordRun('failed', 1),
      settings([hook('signed', target.url, { secretEnv: 'NOT_SET_ANYWHERE' })]),
    );
    expect(target.requests).toHaveLength(0);
    expect(warnings[0]).toContain('NOT_SET_ANYWHERE is not set');
    expect((await store.alertDeliveries(PROJECT)).map((a) => a.outcome)).toEqual(['not_sent']);

    const withHeader = await send(
      await recordRun('failed', 2),
      settings([hook('keyed', target.url, { headers: { Authorization: 'GenieKey ${OPSGENIE_KEY}' } })]),
    );
    expect(target.requests).toHaveLength(0);
    expect(withHeader.warnings[0]).toContain('OPSGENIE_KEY is not set (header Authorization)');
  });
});
