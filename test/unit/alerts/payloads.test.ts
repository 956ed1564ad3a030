import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../alerts/deliver-alert.js';
import { successRateCrossing } from '../../../alerts/evaluate-alerts.js';
import { jsonPayload, slackPayload } from '../../../alerts/payloads.js';
import { signBody } from '../../../alerts/sign.js';
import type { AlertNotice } from '../../../alerts/types.js';
import { processMasker } from '../../../core/secret-masker.js';

afterEach(() => processMasker.clear());

const notice: AlertNotice = {
  event: 'failure',
  project: 'shop',
  summary: '❌ shop: not green after 3 iteration(s) <b>',
  run: {
    executionId: '20261203_020000_ab12',
    project: 'shop',
    state: 'failed',
    stopReason: 'max_iterations',
    trigger: 'schedule',
    startedAt: Date.parse('2026-12-03T02:00:00Z'),
    endedAt: Date.parse('2026-12-03T02:01:30Z'),
    durationMs: 90_500,
    iterations: 3,
    maxIterations: 3,
    mainClass: 'auth_failed',
    diagnosis: 'login failed with password hunter2-secret & more',
    reportFile: '/p/logs/r.json',
    host: 'ci-7',
  },
  details: {},
};
const context = { deliveryId: 'd-1', sentAt: new Date('2026-12-03T02:01:31Z'), version: '0.1.0' };

describe('alert payloads', () => {
  it('generic JSON: the execution in report units, registered secrets masked', () => {
    processMasker.add('hunter2-secret');
    const body = jsonPayload(notice, context);
    expect(body).toMatchObject({
      schema: 'etl-cycle.alert/v1',
      event: 'failure',
      delivery_id: 'd-1',
      sent_at: '2026-12-03T02:01:31.000Z',
      execution: { started_at: '2026-12-03T02:00:00.000Z', duration_seconds: 90.5, main_class: 'auth_failed', trigger: 'schedule' },
    });
    expect(JSON.stringify(body)).not.toContain('hunter2-secret');
    expect((body.execution as { diagnosis: string }).diagnosis).toBe('login failed with password *** & more');
  });

  it('Slack: text plus blocks, mrkdwn escaped, the diagnosis only on a failure', () => {
    const body = slackPayload(notice, context);
    expect(body.text).toBe(notice.summary);
    const texts = JSON.stringify(body.blocks);
    expect(texts).toContain('&lt;b&gt;');
    expect(texts).toContain('*Diagnosis*');
    expect(texts).toContain('&amp; more');
    expect(JSON.stringify(slackPayload({ ...notice, event: 'recovery' }, context).blocks)).not.toContain('Diagnosis');
  });

  it('signs the exact body with HMAC-SHA256', () => {
    const body = '{"a":1}';
    expect(signBody(body, 'k')).toBe(`sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`);
    expect(signBody(body, 'k')).not.toBe(signBody('{"a":2}', 'k'));
  });
});

describe('successRateCrossing', () => {
  const rule = { below: 0.8, minRuns: 5 };
  it('fires on the run that takes the rate below, not while it stays below', () => {
    expect(successRateCrossing({ success: 4, failed: 1, interrupted: 0 }, 'failed', rule)).toBeUndefined();
    expect(successRateCrossing({ success: 4, failed: 2, interrupted: 0 }, 'failed', rule)).toEqual({ rate: 4 / 6, runs: 6 });
    expect(successRateCrossing({ success: 4, failed: 3, interrupted: 0 }, 'failed', rule)).toBeUndefined();
    // Interrupted runs count as not green.
    expect(successRateCrossing({ success: 4, failed: 1, interrupted: 1 }, 'failed', rule)).toEqual({ rate: 4 / 6, runs: 6 });
  });
  it('says nothing before min_runs, and fires once the window has enough runs and is low', () => {
    expect(successRateCrossing({ success: 0, failed: 4, interrupted: 0 }, 'failed', rule)).toBeUndefined();
    expect(successRateCrossing({ success: 0, failed: 5, interrupted: 0 }, 'failed', rule)).toEqual({ rate: 0, runs: 5 });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores what is unreadable or longer than the longest wait', () => {
    const now = Date.parse('2026-12-03T02:00:00Z');
    expect(retryAfterMs('3', 30_000, now)).toBe(3_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 02:00:05 GMT', 30_000, now)).toBe(5_000);
    expect(retryAfterMs('120', 30_000, now)).toBeUndefined();
    expect(retryAfterMs('soon', 30_000, now)).toBeUndefined();
    expect(retryAfterMs(null, 30_000, now)).toBeUndefined();
  });
});
