/**
 * GET /health: a pipeline is healthy while its last finished run is green and ended less than
 * `health.max_age` ago. A monitor (Kubernetes, an uptime checker, a load balancer) reads the
 * status code; a person reads the body.
 */
import type { ExecutionSummary } from '../history/types.js';
import type { LedgerSnapshot } from '../metrics/ledger-snapshot.js';

export interface HealthBody {
  status: 'ok' | 'failing' | 'stale' | 'no_runs';
  project: string;
  reason: string;
  max_age_seconds: number;
  last_run: {
    id: string;
    state: string;
    end_time: string | null;
    duration_seconds: number | null;
    iterations: number;
    main_class: string | null;
    age_seconds: number | null;
  } | null;
  running: number;
}

export function evaluateHealth(snapshot: LedgerSnapshot, maxAgeMs: number, now: number): { code: 200 | 503; body: HealthBody } {
  const last = snapshot.lastFinished;
  const base = { project: snapshot.project, max_age_seconds: maxAgeMs / 1000, running: snapshot.running.length };
  if (!last) return { code: 503, body: { ...base, status: 'no_runs', reason: 'no run of this project has finished yet', last_run: null } };
  const age = last.endedAt === null ? null : now - last.endedAt;
  const lastRun = describe(last, age);
  if (last.state !== 'success') {
    return {
      code: 503,
      body: {
        ...base,
        status: 'failing',
        reason: `the last run ${last.id} ended ${last.state}${last.mainClass ? ` (${last.mainClass})` : ''}`,
        last_run: lastRun,
      },
    };
  }
  if (age === null || age > maxAgeMs) {
    return {
      code: 503,
      body: {
        ...base,
        status: 'stale',
        reason: `the last run ${last.id} was green, but longer ago than health.max_age`,
        last_run: lastRun,
      },
    };
  }
  return { code: 200, body: { ...base, status: 'ok', reason: `the last run ${last.id} was green`, last_run: lastRun } };
}

function describe(run: ExecutionSummary, ageMs: number | null): NonNullable<HealthBody['last_run']> {
  return {
    id: run.id,
    state: run.state,
    end_time: run.endedAt === null ? null : new Date(run.endedAt).toISOString(),
    duration_seconds: run.durationMs === null ? null : run.durationMs / 1000,
    iterations: run.iterations,
    main_class: run.mainClass,
    age_seconds: ageMs === null ? null : Math.round(ageMs / 1000),
  };
}
