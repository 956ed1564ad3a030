/**
 * The planner: from a failed iteration's facts to the next iteration's plan, or a decision to
 * stop. Pure: everything it needs arrives as arguments, so every rule has a fast unit test.
 *
 * Rules (docs/error-classes.md lists them per class):
 * - non-retryable classes (auth, permissions, missing files, disk full, missing images, syntax)
 *   stop at once with a diagnosis; etl-cycle.yaml `classes:` can override per class;
 * - every other class maps to adjustments that change the next iteration, each bounded
 *   (deadlines and timeouts grow by `growthFactor` up to their max; one-shot cleanups are not
 *   repeated for the same failure);
 * - when the same failure comes back and no adjustment can change anything any more, the loop
 *   stops as "stuck" instead of burning the remaining iterations; classes whose remedy is a
 *   plain retry (deadlock, upstream errors, unknown output) get a bounded number of repeats;
 * - a retry with the built-in orchestrator resumes its execution when the failure leaves the
 *   green tasks' results valid and the services stay as they are (plan-resume.ts).
 */
import { ERROR_CLASSES } from '../core/error-classes.js';
import type { ErrorClassId, FailureClass } from '../core/error-classes.js';
import type { PatternMatch } from '../patterns/types.js';
import { applyAdjustment, describeAdjustment } from './adjustments.js';
import type { Adjustment } from './adjustments.js';
import { fingerprintOf } from './failure.js';
import type { FailureFacts, HistoryEntry } from './failure.js';
import type { IterationPlan, ServiceFacts } from './plan.js';
import { decideResume } from './plan-resume.js';
import type { ResumeSettings } from './plan-resume.js';

export interface PlannerSettings {
  growthFactor: number;
  readinessTimeoutMaxMs: number;
  orchestratorTimeoutMaxMs: number;
  settleMaxMs: number;
  memoryMaxBytes: number;
  /** Upper bound of ETL_CYCLE_TIMEOUT_FACTOR. */
  stepTimeoutFactorMax: number;
  classPolicy: Partial<Record<ErrorClassId, { retry?: boolean }>>;
  resume: ResumeSettings;
}

export interface PlannerInput {
  facts: FailureFacts;
  plan: IterationPlan;
  /** Earlier failed iterations, oldest first (not including this one). */
  history: readonly HistoryEntry[];
  services: readonly ServiceFacts[];
  settings: PlannerSettings;
}

export type Decision =
  /** `noResume`: why the next iteration runs the whole workflow again (for the log). */
  | { action: 'retry'; fingerprint: string; adjustments: Adjustment[]; plan: IterationPlan; noResume?: string }
  | { action: 'stop'; fingerprint: string; stopReason: 'non_retryable' | 'stuck'; diagnosis: string };

/** First settle time when none was set: long enough to see a service flap, short enough not to matter. */
const FIRST_SETTLE_MS = 2000;
/** Same failure this many times in a row with nothing but plain retries → stuck. */
const PLAIN_RETRY_LIMIT = 3;

export function decideNext(input: PlannerInput): Decision {
  const { facts, plan, history, settings } = input;
  const fingerprint = fingerprintOf(facts);
  const primary: FailureClass = facts.classification.primary ?? 'unknown';
  const match = facts.classification.primaryMatch;
  const repeats = consecutiveRepeats(history, fingerprint);

  // Someone else changed the stack under this run: retrying would fight them for it (a second
  // run's cleanup removes ours, ours removes theirs). Stop and say who may have done it.
  const interference = facts.stackChanges?.filter((c) => c.kind === 'removed' || c.kind === 'replaced') ?? [];
  if (interference.length > 0) {
    return {
      action: 'stop',
      fingerprint: `stack_changed:${interference.map((c) => c.service).join(',')}`,
      stopReason: 'non_retryable',
      diagnosis: `the stack changed under this run: ${interference.map((c) => c.detail).join('; ')}; make sure nothing else manages these containers while etl-cycle runs, then run again`,
    };
  }

  if (primary !== 'unknown' && !isRetryable(primary, settings)) {
    return { action: 'stop', fingerprint, stopReason: 'non_retryable', diagnosis: diagnose(primary, match, 'retrying cannot fix this') };
  }

  const proposal = propose(primary, input);
  if (proposal.stop) return { action: 'stop', fingerprint, stopReason: 'non_retryable', diagnosis: proposal.stop };

  const previous = history[history.length - 1];
  const sameAsLast = previous?.fingerprint === fingerprint;
  const effective = proposal.adjustments.filter(
    (a) => isEffective(a, plan) && !(sameAsLast && isOneShot(a) && previous.adjustments.some((p) => p.kind === a.kind)),
  );

  if (effective.length > 0) {
    return withResume(input, fingerprint, effective, effective.reduce(applyAdjustment, plan));
  }
  const plainRetryAllowed = proposal.plainRetry && repeats + 1 < (proposal.repeatLimit ?? PLAIN_RETRY_LIMIT);
  if (plainRetryAllowed) {
    return withResume(input, fingerprint, [{ kind: 'retry' }], plan);
  }
  const tried = history
    .filter((h) => h.fingerprint === fingerprint)
    .flatMap((h) => h.adjustments)
    .filter((a) => a.kind !== 'retry' && a.kind !== 'resume_orchestration');
  const triedText = tried.length
    ? `after ${[...new Set(tried.map(describeAdjustment))].join('; ')}`
    : 'and no adjustment can change the next attempt';
  return {
    action: 'stop',
    fingerprint,
    stopReason: 'stuck',
    diagnosis: diagnose(primary, match, `the same failure repeated ${repeats + 1} times ${triedText}`),
  };
}

/** A retry, resuming the orchestration when plan-resume.ts says its green tasks still hold. */
function withResume(input: PlannerInput, fingerprint: string, adjustments: Adjustment[], next: IterationPlan): Decision {
  const resume = decideResume({ facts: input.facts, next, adjustments, services: input.services, settings: input.settings.resume });
  if (!resume.resume) return { action: 'retry', fingerprint, adjustments, plan: next, noResume: resume.why };
  return { action: 'retry', fingerprint, adjustments: [...adjustments, resume.adjustment], plan: applyAdjustment(next, resume.adjustment) };
}

function isRetryable(cls: ErrorClassId, settings: PlannerSettings): boolean {
  return settings.classPolicy[cls]?.retry ?? ERROR_CLASSES[cls].retryable;
}

/** How many of the latest history entries, counting back, share this fingerprint. */
function consecutiveRepeats(history: readonly HistoryEntry[], fingerprint: string): number {
  let count = 0;
  for (let i = history.length - 1; i >= 0 && history[i]!.fingerprint === fingerprint; i -= 1) count += 1;
  return count;
}

function isOneShot(a: Adjustment): boolean {
  return a.kind === 'recreate_volumes' || a.kind === 'remove_orphans';
}

/** An adjustment that would leave the plan as it is (a limit already at its bound) changes nothing. */
function isEffective(a: Adjustment, plan: IterationPlan): boolean {
  switch (a.kind) {
    case 'raise_readiness_timeout':
    case 'raise_settle':
    case 'raise_orchestrator_timeout':
      return a.toMs > a.fromMs;
    case 'raise_step_timeouts':
      return a.toFactor > a.fromFactor;
    case 'raise_memory':
      return a.toBytes > a.fromBytes;
    case 'lower_parallelism':
      return a.from === undefined || a.to < a.from;
    case 'wait_for_healthcheck':
      return plan.readiness[a.service]?.strategy.type !== 'healthcheck';
    case 'add_port_check': {
      const strategy = plan.readiness[a.service]?.strategy;
      // Only a service that waits for nothing, or for other ports, gains from a port check; auto
      // already checks every declared port and other strategies (log, http, exec) are the user's choice.
      if (strategy?.type === 'none') return true;
      return strategy?.type === 'ports' && strategy.ports !== undefined && !strategy.ports.includes(a.port);
    }
    case 'recreate_volumes':
    case 'remove_orphans':
    case 'resume_orchestration':
      return true;
    case 'retry':
      return false;
  }
}

interface Proposal {
  adjustments: Adjustment[];
  /** A plain retry is a legitimate remedy when no adjustment is left (bounded by repeatLimit). */
  plainRetry?: boolean;
  repeatLimit?: number;
  /** Stop now with this diagnosis (e.g. a port held by something that is not ours). */
  stop?: string;
}

function grow(from: number, factor: number, max: number, floor = 0): number {
  return Math.min(max, Math.max(Math.round(from * factor), floor, from));
}

function propose(cls: FailureClass, input: PlannerInput): Proposal {
  const { facts, plan, settings, history } = input;
  const targets = targetServices(input);
  const readinessPhase = facts.phase === 'rebuild' && facts.stackStage === 'readiness' && facts.failedService !== undefined;
  const raiseDeadline = (service: string): Adjustment => {
    const fromMs = plan.readiness[service]?.timeoutMs ?? 0;
    return { kind: 'raise_readiness_timeout', service, fromMs, toMs: grow(fromMs, settings.growthFactor, settings.readinessTimeoutMaxMs) };
  };
  const raiseSettle = (service: string): Adjustment => {
    const fromMs = plan.readiness[service]?.settleMs ?? 0;
    return {
      kind: 'raise_settle',
      service,
      fromMs,
      toMs: grow(fromMs, settings.growthFactor, settings.settleMaxMs, Math.min(FIRST_SETTLE_MS, settings.settleMaxMs)),
    };
  };
  const lowerParallelism = (): Adjustment => {
    const from = plan.maxWorkers;
    return { kind: 'lower_parallelism', from, to: from === undefined ? 2 : Math.max(1, Math.floor(from / 2)) };
  };
  const sameBefore = history.filter((h) => h.fingerprint === fingerprintOf(facts)).length;

  switch (cls) {
    case 'timeout': {
      if (readinessPhase) return { adjustments: [raiseDeadline(facts.failedService!)] };
      if (facts.orchestrator?.timedOut) {
        const fromMs = plan.orchestratorTimeoutMs;
        return {
          adjustments: [
            { kind: 'raise_orchestrator_timeout', fromMs, toMs: grow(fromMs, settings.growthFactor, settings.orchestratorTimeoutMaxMs) },
          ],
        };
      }
      const fromFactor = plan.stepTimeoutFactor;
      return {
        adjustments: [
          { kind: 'raise_step_timeouts', fromFactor, toFactor: grow(fromFactor, settings.growthFactor, settings.stepTimeoutFactorMax) },
          ...targets.map(raiseSettle),
        ],
      };
    }
    case 'connection_refused': {
      if (readinessPhase) return { adjustments: [raiseDeadline(facts.failedService!)] };
      const port = portOf(facts.classification.primaryMatch);
      const adjustments: Adjustment[] = [];
      for (const service of targets) {
        const containerPort = containerPortFor(
          input.services.find((s) => s.name === service),
          port,
        );
        if (containerPort !== undefined) adjustments.push({ kind: 'add_port_check', service, port: containerPort });
        adjustments.push(raiseSettle(service));
      }
      // No stack to wait for (or nothing named): the backoff is the only wait we can offer.
      return { adjustments, plainRetry: true };
    }
    case 'service_starting': {
      if (readinessPhase) return { adjustments: [raiseDeadline(facts.failedService!)] };
      const adjustments: Adjustment[] = [];
      for (const service of targets) {
        if (input.services.find((s) => s.name === service)?.hasHealthcheck) adjustments.push({ kind: 'wait_for_healthcheck', service });
        adjustments.push(raiseSettle(service));
      }
      return { adjustments, plainRetry: true };
    }
    case 'dns_failure': {
      if (readinessPhase) return { adjustments: [raiseDeadline(facts.failedService!)] };
      return { adjustments: targets.map(raiseSettle), plainRetry: true, repeatLimit: 2 };
    }
    case 'missing_table':
    case 'missing_database':
      return { adjustments: [{ kind: 'recreate_volumes' }] };
    case 'already_exists':
      return { adjustments: [{ kind: 'remove_orphans' }, { kind: 'recreate_volumes' }] };
    case 'constraint_violation':
      return { adjustments: [{ kind: 'recreate_volumes' }] };
    case 'port_in_use':
      return proposePortInUse(input);
    case 'out_of_memory': {
      const adjustments: Adjustment[] = [];
      for (const service of targets) {
        const facts = input.services.find((s) => s.name === service);
        const fromBytes = plan.memoryOverrides[service] ?? facts?.memLimitBytes;
        if (fromBytes !== undefined)
          adjustments.push({
            kind: 'raise_memory',
            service,
            fromBytes,
            toBytes: grow(fromBytes, settings.growthFactor, settings.memoryMaxBytes),
          });
      }
      // No limit we can raise (or it is at its bound): do less at once instead.
      if (!adjustments.some((a) => isEffective(a, plan))) adjustments.push(lowerParallelism());
      return { adjustments };
    }
    case 'too_many_connections':
      return sameBefore === 0 ? { adjustments: [], plainRetry: true } : { adjustments: [lowerParallelism()] };
    case 'deadlock':
    case 'upstream_error':
      return { adjustments: [], plainRetry: true };
    case 'crash':
    case 'unknown':
      return { adjustments: [], plainRetry: true, repeatLimit: 2 };
    case 'auth_failed':
    case 'permission_denied':
    case 'file_not_found':
    case 'disk_full':
    case 'image_unavailable':
    case 'syntax_error':
    case 'data_rejected':
      // Only reached when etl-cycle.yaml overrides the class as retryable.
      return { adjustments: [], plainRetry: true, repeatLimit: 2 };
  }
}

function proposePortInUse(input: PlannerInput): Proposal {
  const { facts } = input;
  const port = portOf(facts.classification.primaryMatch);
  const holders = facts.portHolders;
  const foreign = holders.filter((h) => !h.ours);
  if (foreign.length > 0) {
    const who = foreign.map((h) => `container "${h.containerName}"${h.project ? ` (project ${h.project})` : ''}`).join(', ');
    return {
      adjustments: [],
      stop: `port ${port ?? foreign[0]!.port} is held by ${who}, which etl-cycle did not create and will not touch; stop it (docker rm -f ${foreign[0]!.containerName}) or publish another port`,
    };
  }
  if (holders.length > 0) return { adjustments: [{ kind: 'remove_orphans' }] };
  if (port !== undefined && facts.phase === 'rebuild') {
    return {
      adjustments: [],
      stop: `port ${port} is in use by a process on this host that is not a container; free the port or publish another one`,
    };
  }
  // Nothing found holding it (released meanwhile, or a port we could not name): clean deeper once.
  return { adjustments: [{ kind: 'remove_orphans' }] };
}

function portOf(match: PatternMatch | undefined): number | undefined {
  const raw = match?.captures.port;
  const port = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

function containerPortFor(service: ServiceFacts | undefined, port: number | undefined): number | undefined {
  if (!service || port === undefined) return undefined;
  return service.ports.find((p) => p.host === port)?.container ?? service.ports.find((p) => p.container === port)?.container;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '[::1]']);

/** Which services a failure is about, from the most to the least direct evidence. */
export function targetServices(input: Pick<PlannerInput, 'facts' | 'services'>): string[] {
  const { facts, services } = input;
  const names = new Set(services.map((s) => s.name));
  const found = new Set<string>();
  if (facts.failedService && names.has(facts.failedService)) found.add(facts.failedService);
  for (const c of facts.containers) if (c.oomKilled && names.has(c.service)) found.add(c.service);
  const match = facts.classification.primaryMatch;
  if (match) {
    const { service, host, port } = match.captures;
    if (service && names.has(service)) found.add(service);
    if (host) {
      const byName = services.find((s) => s.hostnames.some((h) => h.toLowerCase() === host.toLowerCase()));
      if (byName) found.add(byName.name);
    }
    const portNumber = port === undefined ? NaN : Number(port);
    if (Number.isInteger(portNumber) && (!host || LOCAL_HOSTS.has(host.toLowerCase()) || found.size === 0)) {
      for (const s of services) if (s.ports.some((p) => p.host === portNumber || (!host && p.container === portNumber))) found.add(s.name);
    }
    const source = match.source;
    if (found.size === 0 && source?.startsWith('container:')) {
      const name = source.slice('container:'.length);
      if (names.has(name)) found.add(name);
    }
  }
  return [...found];
}

function diagnose(cls: FailureClass, match: PatternMatch | undefined, why: string): string {
  if (!match) return `${cls}: ${why}`;
  const where = `${match.source ?? 'output'} line ${match.line}`;
  return `${cls}: ${match.hint} (${where}: ${truncate(match.text, 160)}); ${why}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
