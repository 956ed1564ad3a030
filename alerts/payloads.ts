/**
 * An alert as a webhook body: Slack's incoming-webhook JSON (`text`, the fallback and the
 * notification line, plus Block Kit `blocks`), or etl-cycle's own JSON document for any
 * receiver (schema `etl-cycle.alert/v1`). Every string goes through the process's secret
 * masker: a diagnosis or a class line never carries a password to a chat.
 */
import { maskSecretsDeep } from '../core/secret-masker.js';
import type { AlertNotice } from './types.js';

export const ALERT_SCHEMA = 'etl-cycle.alert/v1';

export interface PayloadContext {
  deliveryId: string;
  sentAt: Date;
  version: string;
}

export function jsonPayload(notice: AlertNotice, context: PayloadContext): Record<string, unknown> {
  const { run } = notice;
  return maskSecretsDeep({
    schema: ALERT_SCHEMA,
    event: notice.event,
    delivery_id: context.deliveryId,
    sent_at: context.sentAt.toISOString(),
    project: notice.project,
    summary: notice.summary,
    execution: {
      id: run.executionId,
      state: run.state,
      stop_reason: run.stopReason,
      trigger: run.trigger,
      started_at: new Date(run.startedAt).toISOString(),
      ended_at: new Date(run.endedAt).toISOString(),
      duration_seconds: Math.round(run.durationMs) / 1000,
      iterations: run.iterations,
      max_iterations: run.maxIterations,
      main_class: run.mainClass,
      diagnosis: run.diagnosis,
      report_file: run.reportFile,
      host: run.host,
    },
    details: notice.details,
    tool: { name: 'etl-cycle', version: context.version },
  });
}

/** Slack escapes only these three in mrkdwn text. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack refuses a section text over 3000 characters. */
const SLACK_TEXT_MAX = 2900;

export function slackPayload(notice: AlertNotice, _context: PayloadContext): { text: string; blocks: unknown[] } {
  const { run } = notice;
  const fields = [
    `*Project*\n${run.project}`,
    `*Execution*\n\`${run.executionId}\``,
    `*Iterations*\n${run.iterations} of ${run.maxIterations}`,
    `*Duration*\n${Math.round(run.durationMs / 1000)}s`,
    ...(run.mainClass ? [`*Class*\n\`${run.mainClass}\``] : []),
    ...(run.trigger ? [`*Trigger*\n${run.trigger}`] : []),
  ];
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: slackEscape(notice.summary) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text: slackEscape(text) })) },
  ];
  if (run.diagnosis && notice.event === 'failure')
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(`*Diagnosis*\n${run.diagnosis}`).slice(0, SLACK_TEXT_MAX) } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`etl-cycle · ${run.host} · ${notice.event}`) }] });
  return maskSecretsDeep({ text: notice.summary, blocks });
}
