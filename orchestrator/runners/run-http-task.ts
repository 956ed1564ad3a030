/**
 * An `http` task: one request with Node's fetch — how a team registers a Kafka Connect
 * connector, posts a batch to an API or checks a service says it is healthy. The task's timeout
 * covers the whole exchange, body included (AbortSignal), and an abort cancels it. The request,
 * the answer and the response body go to the task's output; a status outside `expect_status`
 * (default: any 2xx) or a body (trailing whitespace removed) not matching `expect_body` fails
 * the attempt.
 */
import { readFile } from 'node:fs/promises';
import { formatDuration } from '../../core/duration.js';
import { errorMessage } from '../../core/errors.js';
import type { TaskAction } from '../../config/types.js';
import type { AttemptOutcome } from '../types.js';
import type { AttemptContext } from './attempt-context.js';
import { describeFetchError } from './describe-fetch-error.js';

type HttpAction = Extract<TaskAction, { type: 'http' }>;

/** Response body lines copied to the output; the rest is counted, not shown. */
const MAX_BODY_LINES = 200;

interface RequestBody {
  text: string;
  json: boolean;
  origin: string;
}

export async function runHttpTask(ctx: AttemptContext, action: HttpAction): Promise<AttemptOutcome> {
  const { expand } = ctx.variables;
  const url = expand(action.url, 'http.url');
  const headers = new Headers(Object.entries(action.headers).map(([name, value]) => [name, expand(value, `http.headers.${name}`)]));
  const body = await requestBody(ctx, action);
  if ('error' in body) {
    ctx.output.line('stderr', `etl-cycle: ${body.error}`);
    return { status: 'failed', error: body.error };
  }
  if (body.request?.json && !headers.has('content-type')) headers.set('content-type', 'application/json');

  const deadline = AbortSignal.timeout(ctx.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, deadline]);
  const target = `${action.method} ${url}`;
  ctx.output.line('stdout', `→ ${target}${body.request ? ` (${body.request.text.length} bytes${body.request.origin})` : ''}`);
  const started = performance.now();
  let status: number;
  let responseText: string;
  try {
    const response = await fetch(url, { method: action.method, headers, body: body.request?.text, signal, redirect: 'follow' });
    status = response.status;
    responseText = await response.text();
    ctx.output.line('stdout', `← ${response.status} ${response.statusText} in ${formatDuration(performance.now() - started)}`);
  } catch (error) {
    if (ctx.signal.aborted) return { status: 'aborted', error: 'aborted' };
    if (deadline.aborted) {
      const after = formatDuration(ctx.timeoutMs);
      ctx.output.line('stderr', `etl-cycle: task ${ctx.task.id} timed out after ${after}: no complete answer to ${target}`);
      return { status: 'timed_out', error: `timed out after ${after}` };
    }
    const message = `${target} failed: ${describeFetchError(error)}`;
    ctx.output.line('stderr', `etl-cycle: ${message}`);
    return { status: 'failed', error: message };
  }
  copyBody(ctx, responseText);

  const expected = action.expectStatus;
  if (expected ? !expected.includes(status) : status < 200 || status > 299) {
    const message = `${target} answered ${status} (expected ${expected ? expected.join(' or ') : '2xx'})`;
    ctx.output.line('stderr', `etl-cycle: ${message}`);
    return { status: 'failed', error: `HTTP ${status} (expected ${expected ? expected.join(' or ') : '2xx'})` };
  }
  // Bodies usually end with a newline, which `$` in a JavaScript regex would not skip.
  if (action.expectBody !== undefined && !new RegExp(action.expectBody).test(responseText.trimEnd())) {
    const message = `the response body does not match /${action.expectBody}/`;
    ctx.output.line('stderr', `etl-cycle: ${target}: ${message}`);
    return { status: 'failed', error: message };
  }
  return { status: 'succeeded' };
}

/** The body to send: a string as written, a mapping or list as JSON, or a JSON file read now. */
async function requestBody(ctx: AttemptContext, action: HttpAction): Promise<{ request?: RequestBody } | { error: string }> {
  if (action.bodyFile !== undefined) {
    let text: string;
    try {
      text = await readFile(action.bodyFile, 'utf8');
    } catch (error) {
      return { error: `cannot read body_file ${action.bodyFile}: ${errorMessage(error)}` };
    }
    try {
      JSON.parse(text);
    } catch (error) {
      return { error: `body_file ${action.bodyFile} is not valid JSON: ${errorMessage(error)}` };
    }
    return { request: { text, json: true, origin: ` of JSON from ${action.bodyFile}` } };
  }
  if (action.body === undefined) return {};
  if (typeof action.body === 'string')
    return { request: { text: ctx.variables.expand(action.body, 'http.body'), json: false, origin: '' } };
  return { request: { text: JSON.stringify(expandLeaves(ctx, action.body, 'http.body')), json: true, origin: ' of JSON' } };
}

function expandLeaves(ctx: AttemptContext, value: unknown, field: string): unknown {
  if (typeof value === 'string') return ctx.variables.expand(value, field);
  if (Array.isArray(value)) return value.map((item, index) => expandLeaves(ctx, item, `${field}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandLeaves(ctx, item, `${field}.${key}`)]));
  }
  return value;
}

function copyBody(ctx: AttemptContext, text: string): void {
  if (text === '') return;
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  for (const line of lines.slice(0, MAX_BODY_LINES)) ctx.output.line('stdout', line);
  if (lines.length > MAX_BODY_LINES)
    ctx.output.line('stdout', `etl-cycle: (${lines.length - MAX_BODY_LINES} more line(s) of the response body not shown)`);
}
