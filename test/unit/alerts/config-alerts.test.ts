import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../config/load-config.js';
import { ConfigError } from '../../../core/errors.js';

const minimal = 'orchestrator:\n  command: [node, etl.mjs]\n';

function fail(yaml: string): string {
  try {
    parseConfigText(`${minimal}${yaml}`, '/p/etl-cycle.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config: alerts and schedule', () => {
  it('defaults: no webhooks, failure and recovery on, 10 s per attempt, 3 retries; no schedule', () => {
    const config = parseConfigText(minimal, '/p/etl-cycle.yaml');
    expect(config.alerts).toEqual({
      webhooks: [],
      failure: true,
      recovery: true,
      timeoutMs: 10_000,
      retries: { count: 3, initialMs: 1000, factor: 2, maxMs: 30_000 },
    });
    expect(config.schedule).toEqual({ cron: undefined, timezone: undefined, catchUp: false });
  });

  it('reads webhooks (named by their host, or by the variable), rules with shares and ages, the schedule', () => {
    const config = parseConfigText(
      `${minimal}alerts:
  webhooks:
    - { url: "https://alerts.example.com/etl", secret_env: ALERT_SECRET, headers: { X-Team: data } }
    - { name: chat, format: slack, url_env: SLACK_WEBHOOK_URL, events: [failure, recovery] }
    - { url_env: OPS_HOOK }
  recovery: false
  success_rate: { below: "90%", window: 14d }
  gaps: { older_than: 1d12h }
  timeout: 5s
  retries: { count: 5, initial: 2s, max: 1m }
schedule: { cron: "0 2 * * *", timezone: Europe/Berlin, catch_up: true }
`,
      '/p/etl-cycle.yaml',
    );
    expect(config.alerts.webhooks).toEqual([
      {
        name: 'alerts.example.com',
        format: 'json',
        url: 'https://alerts.example.com/etl',
        secretEnv: 'ALERT_SECRET',
        headers: { 'X-Team': 'data' },
        events: ['failure', 'recovery', 'success_rate', 'gaps'],
      },
      { name: 'chat', format: 'slack', urlEnv: 'SLACK_WEBHOOK_URL', headers: {}, events: ['failure', 'recovery'] },
      { name: '$OPS_HOOK', format: 'json', urlEnv: 'OPS_HOOK', headers: {}, events: ['failure', 'recovery', 'success_rate', 'gaps'] },
    ]);
    expect(config.alerts).toMatchObject({
      recovery: false,
      successRate: { below: 0.9, windowMs: 14 * 86_400_000, minRuns: 5 },
      gaps: { olderThanMs: 36 * 3_600_000 },
      timeoutMs: 5000,
      retries: { count: 5, initialMs: 2000, factor: 2, maxMs: 60_000 },
    });
    expect(config.schedule).toEqual({ cron: '0 2 * * *', timezone: 'Europe/Berlin', catchUp: true });
  });

  it('a bad value is one line naming the field', () => {
    expect(fail('alerts: { webhooks: [{ url: "ftp://x" }] }\n')).toMatch(/alerts\.webhooks\[0\]\.url: an http:\/\/ or https:\/\/ URL/);
    expect(fail('alerts: { webhooks: [{ url: "https://x", url_env: X }] }\n')).toMatch(
      /alerts\.webhooks\[0\]\.url: set exactly one of url or url_env/,
    );
    expect(fail('alerts: { webhooks: [{ url_env: X, secret_env: "my-secret" }] }\n')).toMatch(
      /alerts\.webhooks\[0\]\.secret_env: the name of an environment variable/,
    );
    expect(fail('alerts: { webhooks: [{ url_env: X, events: [paged] }] }\n')).toMatch(/alerts\.webhooks\[0\]\.events\[0\]/);
    expect(fail('alerts: { success_rate: { below: 1.5 } }\n')).toMatch(
      /alerts\.success_rate\.below: expected a share such as 0\.9 or "90%", got 1\.5/,
    );
    expect(fail('alerts: { gaps: { older_than: soon } }\n')).toMatch(/alerts\.gaps\.older_than: expected an age such as 7d/);
    expect(fail('alerts: { secret: x }\n')).toMatch(/alerts/);
    expect(fail('schedule: { cron: "0 25 * * *" }\n')).toMatch(/schedule\.cron: not a cron expression/);
    expect(fail('schedule: { cron: "0 2 * * *", timezone: Mars/Olympus }\n')).toMatch(
      /schedule\.timezone: unknown time zone "Mars\/Olympus"/,
    );
  });
});
