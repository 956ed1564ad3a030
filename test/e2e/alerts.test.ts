/**
 * Alerts through the built CLI into a real HTTP receiver: a failing run, then a recovering one,
 * each posting a signed JSON alert; the ledger holds each delivery attempt; a webhook that keeps
 * failing is one warning and leaves the exit code to the stack.
 */
import { createHmac } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistoryStore } from '../../history/store/open-store.js';
import { runCli } from '../support/cli.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'e2e-alert-signing-secret';
let project: TestProject | undefined;
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await project?.dispose();
  project = undefined;
  for (const receiver of receivers.splice(0)) await receiver.close();
});

describe('alerts from etl-cycle run', () => {
  it('a failing then recovering run posts failure then recovery; attempts are in the ledger; a dead webhook changes nothing', async () => {
    const receiver = await startWebhookReceiver();
    const broken = await startWebhookReceiver(() => 500);
    receivers.push(receiver, broken);
    project = await createTestProject({
      prefix: 'alerts',
      config: `compose: false
orchestrator:
  command: [sh, -c, "if [ -f healed ]; then echo loaded; else echo 'psql: error: connection refused'; exit 1; fi"]
loop: { max_iterations: 1 }
git: { mode: "off" }
alerts:
  webhooks:
    - { name: pager, url_env: PAGER_URL, secret_env: PAGER_SECRET }
  retries: { count: 1, initial: 0.1s, max: 0.1s }
  timeout: 2s
`,
    });
    const env = { PAGER_URL: receiver.url, PAGER_SECRET: SECRET };

    const failed = await runCli(['run'], { cwd: project.dir, env });
    expect(failed.exitCode, failed.stderr).toBe(1);
    await writeFile(join(project.dir, 'healed'), '');
    const green = await runCli(['run'], { cwd: project.dir, env });
    expect(green.exitCode, green.stderr).toBe(0);
    expect(green.stderr).not.toContain('warning');

    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event)).toEqual(['failure', 'recovery']);
    expect(bodies[0]).toMatchObject({ project: project.name, execution: { state: 'failed', main_class: 'connection_refused' } });
    expect(bodies[1].details.previous_execution.id).toBe(bodies[0].execution.id);
    for (const request of receiver.requests) {
      expect(request.headers['x-etl-cycle-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`);
    }
    for (const output of [failed.stderr, green.stderr, receiver.requests.map((r) => r.body).join('')]) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain(receiver.url);
    }

    // Broken again, and the webhook answers 500: two attempts, one warning, the exit code is still the stack's.
    await rm(join(project.dir, 'healed'));
    const third = await runCli(['run'], { cwd: project.dir, env: { ...env, PAGER_URL: broken.url } });
    expect(third.exitCode, third.stderr).toBe(1);
    expect(broken.requests).toHaveLength(2);
    expect(third.stderr).toMatch(/alert failure to webhook pager not delivered after 2 attempts: HTTP 500.*the run's result is unchanged/);

    const path = join(project.dir, '.etl-cycle', 'history.db');
    const store = await openHistoryStore({ flavour: 'sqlite', path, display: path });
    try {
      const attempts = await store.alertDeliveries(project.name);
      expect(attempts.map((a) => [a.webhook, a.event, a.outcome, a.httpStatus])).toEqual([
        ['pager', 'failure', 'delivered', 200],
        ['pager', 'recovery', 'delivered', 200],
        ['pager', 'failure', 'retrying', 500],
        ['pager', 'failure', 'failed', 500],
      ]);
      expect(attempts[0]!.executionId).toBe(bodies[0].execution.id);
    } finally {
      await store.close();
    }
  });
});
