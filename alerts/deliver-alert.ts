/**
 * Delivers one alert to one webhook: POST with a timeout per attempt, retried with exponential
 * backoff (core/retry.ts) on what a retry can fix — no answer, a timeout, 408, 425, 429, 5xx —
 * and given up at once on any other answer (a 404 or 401 will not heal in a minute); a
 * Retry-After within the longest backoff wait is honoured instead of the backoff. Each
 * attempt is reported to `onAttempt` as it ends, so every one is recorded. Never throws for a
 * delivery problem: an alert that cannot be sent is the caller's warning, not the run's failure.
 */
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../core/errors.js';
import { interpolateString } from '../core/interpolate.js';
import { retry, RetryableFailure } from '../core/retry.js';
import { maskSecrets, processMasker } from '../core/secret-masker.js';
import { sleep } from '../core/sleep.js';
import { jsonPayload, slackPayload } from './payloads.js';
import { SIGNATURE_HEADER, signBody } from './sign.js';
import type { AlertNotice, AlertSettings, AlertWebhook, DeliveryAttempt } from './types.js';

export interface DeliverOptions {
  notice: AlertNotice;
  webhook: AlertWebhook;
  settings: Pick<AlertSettings, 'timeoutMs' | 'retries'>;
  env: Readonly<Record<string, string | undefined>>;
  version: string;
  onAttempt: (attempt: DeliveryAttempt) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  /** Why it was not delivered (masked). */
  error: string | null;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);
const BODY_EXCERPT = 200;

export async function deliverAlert(options: DeliverOptions): Promise<DeliveryResult> {
  const { notice, webhook, settings, env } = options;
  const deliveryId = randomUUID();
  const record = (attempt: number, at: number, fields: Pick<DeliveryAttempt, 'httpStatus' | 'outcome' | 'error'>) =>
    options.onAttempt({
      deliveryId,
      attempt,
      executionId: notice.run.executionId,
      project: notice.project,
      webhook: webhook.name,
      event: notice.event,
      at,
      durationMs: Date.now() - at,
      ...fields,
      error: fields.error === null ? null : maskSecrets(fields.error),
    });

  const target = resolveWebhook(webhook, env);
  if ('missing' in target) {
    await record(1, Date.now(), { httpStatus: null, outcome: 'not_sent', error: target.missing });
    return { delivered: false, attempts: 0, error: target.missing };
  }
  const context = { deliveryId, sentAt: new Date(), version: options.version };
  // One body for every attempt: the signature and the delivery id stay valid across retries.
  const body = JSON.stringify(webhook.format === 'slack' ? slackPayload(notice, context) : jsonPayload(notice, context));
  const headers: Record<string, string> = {
    ...target.headers,
    'content-type': 'application/json',
    'user-agent': `etl-cycle/${options.version}`,
    'x-etl-cycle-event': notice.event,
    'x-etl-cycle-delivery': deliveryId,
    ...(target.secret === undefined ? {} : { [SIGNATURE_HEADER]: signBody(body, target.secret) }),
  };
  const attempts = settings.retries.count + 1;
  let made = 0;
  let lastError: string | null = null;

  // Counted here, not by the retry engine: a retry at the receiver's Retry-After does not count as a backoff wait there.
  const attemptOnce = async (): Promise<boolean> => {
    made += 1;
    const n = made;
    const at = Date.now();
    const more = n < attempts;
    let status: number | null = null;
    let retryAfter: number | undefined;
    try {
      const timeout = AbortSignal.timeout(settings.timeoutMs);
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body,
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
      });
      status = response.status;
      const text = await response.text().catch(() => '');
      if (response.ok) {
        await record(n, at, { httpStatus: status, outcome: 'delivered', error: null });
        return true;
      }
      lastError = `HTTP ${status}${text.trim() ? `: ${text.trim().slice(0, BODY_EXCERPT)}` : ''}`;
      if (!(status >= 500 || RETRYABLE_STATUS.has(status))) {
        await record(n, at, { httpStatus: status, outcome: 'failed', error: lastError });
        return false;
      }
      retryAfter = retryAfterMs(response.headers.get('retry-after'), settings.retries.maxMs);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      lastError = describeFetchError(error, settings.timeoutMs);
    }
    // A receiver that says when to come back (Slack's 429) is taken at its word, up to the longest backoff wait.
    if (retryAfter !== undefined && more) {
      await record(n, at, { httpStatus: status, outcome: 'retrying', error: `${lastError} (Retry-After ${retryAfter / 1000}s)` });
      await sleep(retryAfter, options.signal);
      throw new RetryableFailure(lastError ?? 'not delivered', undefined, true);
    }
    await record(n, at, { httpStatus: status, outcome: more ? 'retrying' : 'failed', error: lastError });
    if (!more) return false;
    throw new RetryableFailure(lastError ?? 'not delivered', undefined);
  };

  try {
    const delivered = await retry(attemptOnce, {
      attempts,
      delay: { initialMs: settings.retries.initialMs, factor: settings.retries.factor, maxMs: settings.retries.maxMs },
      signal: options.signal,
    });
    return { delivered, attempts: made, error: delivered ? null : lastError };
  } catch (error) {
    return { delivered: false, attempts: made, error: lastError ?? maskSecrets(errorMessage(error)) };
  }
}

/** The URL and secret from the config or the environment; both are registered as secrets, so no message shows them. */
function resolveWebhook(
  webhook: AlertWebhook,
  env: Readonly<Record<string, string | undefined>>,
): { url: string; secret?: string; headers: Record<string, string> } | { missing: string } {
  const url = webhook.url ?? (webhook.urlEnv === undefined ? undefined : env[webhook.urlEnv]?.trim());
  if (!url) return { missing: `${webhook.urlEnv} is not set (alerts.webhooks: url_env)` };
  if (!/^https?:\/\//.test(url)) return { missing: `${webhook.urlEnv} does not hold an http:// or https:// URL` };
  if (webhook.urlEnv !== undefined) processMasker.add(url);
  const expanded = expandHeaders(webhook.headers, env);
  if (expanded.missing !== undefined) return { missing: expanded.missing };
  const headers = expanded.headers;
  if (webhook.secretEnv === undefined) return { url, headers };
  const secret = env[webhook.secretEnv];
  if (!secret) return { missing: `${webhook.secretEnv} is not set (alerts.webhooks: secret_env); not sending unsigned` };
  processMasker.add(secret);
  return { url, secret, headers };
}

/**
 * Header values may name variables (`Authorization: "GenieKey ${OPSGENIE_KEY}"`), read when
 * sending: a header built from the environment is a credential, so its value is masked too.
 */
function expandHeaders(
  headers: Record<string, string>,
  env: Readonly<Record<string, string | undefined>>,
): { headers: Record<string, string>; missing?: undefined } | { missing: string } {
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(headers)) {
    try {
      const { value, unset } = interpolateString(template, (variable) => env[variable]);
      if (unset.length) return { missing: `${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} not set (header ${name})` };
      if (value !== template) processMasker.add(value);
      out[name] = value;
    } catch (error) {
      return { missing: `header ${name}: ${errorMessage(error)}` };
    }
  }
  return { headers: out };
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent, unreadable or longer than `maxMs`. */
export function retryAfterMs(header: string | null, maxMs: number, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms >= 0 && ms <= maxMs ? Math.round(ms) : undefined;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000}s`;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `cannot connect (${cause})` : errorMessage(error);
}
