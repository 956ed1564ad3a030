import { describe, expect, it } from 'vitest';
import { applyAdjustment } from '../../../agent/adjustments.js';
import { fingerprintOf } from '../../../agent/failure.js';
import type { HistoryEntry } from '../../../agent/failure.js';
import { decideNext, targetServices } from '../../../agent/planner.js';
import type { Decision } from '../../../agent/planner.js';
import type { ErrorClassId } from '../../../core/error-classes.js';
import { facts, input, match, plan, services, settings } from './planner-fixtures.js';

function retry(decision: Decision) {
  if (decision.action !== 'retry') throw new Error(`expected retry, got stop: ${decision.diagnosis}`);
  return decision;
}
function stop(decision: Decision) {
  if (decision.action !== 'stop') throw new Error(`expected stop, got retry with ${JSON.stringify(decision.adjustments)}`);
  return decision;
}
const history = (f: ReturnType<typeof facts>, adjustments: HistoryEntry['adjustments'], iteration = 1): HistoryEntry => ({
  iteration,
  fingerprint: fingerprintOf(f),
  primary: f.classification.primary ?? 'unknown',
  adjustments,
});

describe('planner: non-retryable classes', () => {
  it.each<ErrorClassId>(['auth_failed', 'permission_denied', 'file_not_found', 'disk_full', 'image_unavailable', 'syntax_error'])(
    '%s stops at once with a diagnosis that carries the hint and the line',
    (cls) => {
      const d = stop(decideNext(input(facts(cls, match(cls, { user: 'etl' })))));
      expect(d.stopReason).toBe('non_retryable');
      expect(d.diagnosis).toContain(`hint for ${cls}`);
      expect(d.diagnosis).toContain('orchestrator line 3');
    },
  );

  it('honours a per-class override that makes a retryable class final', () => {
    const s = { ...settings, classPolicy: { deadlock: { retry: false } } };
    expect(stop(decideNext(input(facts('deadlock', match('deadlock')), plan(), [], s))).stopReason).toBe('non_retryable');
  });

  it('honours an override that makes a final class retryable, but only a bounded number of times', () => {
    const s = { ...settings, classPolicy: { file_not_found: { retry: true } } };
    const f = facts('file_not_found', match('file_not_found', { path: '/data/in.csv' }));
    expect(retry(decideNext(input(f, plan(), [], s))).adjustments).toEqual([{ kind: 'retry' }]);
    expect(stop(decideNext(input(f, plan(), [history(f, [{ kind: 'retry' }])], s))).stopReason).toBe('stuck');
  });
});

describe('planner: readiness and connection failures', () => {
  it("raises the failing service's readiness deadline when readiness timed out, and the plan carries it", () => {
    const f = facts('connection_refused', match('connection_refused', { host: '172.18.0.2', port: '5432' }, { source: 'readiness' }), {
      phase: 'rebuild',
      stackStage: 'readiness',
      failedService: 'db',
    });
    const d = retry(decideNext(input(f)));
    expect(d.adjustments).toEqual([{ kind: 'raise_readiness_timeout', service: 'db', fromMs: 5_000, toMs: 10_000 }]);
    expect(d.plan.readiness.db!.timeoutMs).toBe(10_000);
    expect(d.plan.readiness.api!.timeoutMs).toBe(5_000);
  });

  it('stops as stuck once the deadline is at its bound and the same failure comes back', () => {
    const f = facts('timeout', match('timeout', { service: 'db' }, { source: 'readiness' }), {
      phase: 'rebuild',
      stackStage: 'readiness',
      failedService: 'db',
    });
    const atBound = plan({ readiness: { ...plan().readiness, db: { strategy: { type: 'auto' }, timeoutMs: 40_000, settleMs: 0 } } });
    const d = stop(
      decideNext(input(f, atBound, [history(f, [{ kind: 'raise_readiness_timeout', service: 'db', fromMs: 20_000, toMs: 40_000 }])])),
    );
    expect(d.stopReason).toBe('stuck');
    expect(d.diagnosis).toContain('raise the readiness deadline of db from 20s to 40s');
  });

  it('never grows a deadline past its bound', () => {
    const f = facts('timeout', match('timeout'), { phase: 'rebuild', stackStage: 'readiness', failedService: 'db' });
    const near = plan({ readiness: { ...plan().readiness, db: { strategy: { type: 'auto' }, timeoutMs: 30_000, settleMs: 0 } } });
    expect(retry(decideNext(input(f, near))).plan.readiness.db!.timeoutMs).toBe(40_000);
  });

  it('a refused connection during orchestration adds a settle time to the service named by host', () => {
    const d = retry(decideNext(input(facts('connection_refused', match('connection_refused', { host: 'postgres', port: '5432' })))));
    expect(d.adjustments).toContainEqual({ kind: 'raise_settle', service: 'db', fromMs: 0, toMs: 2_000 });
    expect(d.plan.readiness.db!.settleMs).toBe(2_000);
  });

  it('maps a published host port on localhost to its service and adds a port check to a service that waited for nothing', () => {
    const published = services.map((s) => (s.name === 'api' ? { ...s, ports: [{ container: 8080, host: 18080 }] } : s));
    const d = retry(
      decideNext({
        ...input(facts('connection_refused', match('connection_refused', { host: '127.0.0.1', port: '18080' }))),
        services: published,
      }),
    );
    expect(d.adjustments).toContainEqual({ kind: 'add_port_check', service: 'api', port: 8080 });
    expect(d.plan.readiness.api!.strategy).toEqual({ type: 'ports', ports: [8080] });
  });

  it('service_starting switches a service with a healthcheck to wait for it', () => {
    const d = retry(decideNext(input(facts('service_starting', match('service_starting', { host: 'db' })))));
    expect(d.adjustments).toContainEqual({ kind: 'wait_for_healthcheck', service: 'db' });
    expect(d.plan.readiness.db!.strategy).toEqual({ type: 'healthcheck' });
  });

  it('with no service to wait for, a refused connection is retried plainly, then stops as stuck', () => {
    const f = facts('connection_refused', match('connection_refused', { host: 'warehouse.example.com', port: '9000' }));
    expect(retry(decideNext(input(f))).adjustments).toEqual([{ kind: 'retry' }]);
    const h = [history(f, [{ kind: 'retry' }], 1), history(f, [{ kind: 'retry' }], 2)];
    expect(stop(decideNext(input(f, plan(), h))).stopReason).toBe('stuck');
  });
});

describe('planner: schema and cleanup classes', () => {
  it('missing_table recreates the schema once; the same failure after a recreate is stuck', () => {
    const f = facts('missing_table', match('missing_table', { table: 'customers' }));
    const first = retry(decideNext(input(f)));
    expect(first.adjustments).toEqual([{ kind: 'recreate_volumes' }]);
    expect(first.plan.recreateVolumes).toBe(true);
    const again = stop(decideNext(input(f, plan(), [history(f, first.adjustments)])));
    expect(again.stopReason).toBe('stuck');
  });

  it('a different missing table after a recreate is a new failure and gets its own recreate', () => {
    const first = facts('missing_table', match('missing_table', { table: 'customers' }));
    const second = facts('missing_table', match('missing_table', { table: 'orders' }));
    expect(retry(decideNext(input(second, plan(), [history(first, [{ kind: 'recreate_volumes' }])]))).adjustments).toEqual([
      { kind: 'recreate_volumes' },
    ]);
  });

  it('already_exists cleans deeper: orphans and volumes', () => {
    const d = retry(decideNext(input(facts('already_exists', match('already_exists', { table: 'customers' })))));
    expect(d.adjustments.map((a) => a.kind)).toEqual(['remove_orphans', 'recreate_volumes']);
  });

  it('port_in_use held by a stale container of this project removes orphans', () => {
    const f = facts('port_in_use', match('port_in_use', { port: '15432' }), {
      phase: 'rebuild',
      portHolders: [{ port: 15432, containerName: 'demo-legacy-1', containerId: 'abc', ours: true, project: 'demo', service: 'legacy' }],
    });
    expect(retry(decideNext(input(f))).adjustments).toEqual([{ kind: 'remove_orphans' }]);
  });

  it('port_in_use held by a container that is not ours stops and names it', () => {
    const f = facts('port_in_use', match('port_in_use', { port: '15432' }), {
      phase: 'rebuild',
      portHolders: [{ port: 15432, containerName: 'someone-elses-pg', containerId: 'abc', ours: false }],
    });
    const d = stop(decideNext(input(f)));
    expect(d.stopReason).toBe('non_retryable');
    expect(d.diagnosis).toContain('someone-elses-pg');
    expect(d.diagnosis).toContain('15432');
  });

  it('port_in_use with no container holding it during rebuild blames a host process', () => {
    const f = facts('port_in_use', match('port_in_use', { port: '15432' }), { phase: 'rebuild' });
    expect(stop(decideNext(input(f))).diagnosis).toContain('not a container');
  });
});

describe('planner: resources, timeouts and plain retries', () => {
  it("out_of_memory raises the killed service's limit, bounded", () => {
    const f = facts('out_of_memory', match('out_of_memory', { service: 'db' }, { source: 'container:db' }), {
      containers: [
        {
          service: 'db',
          containerName: 'p-db-1',
          containerId: 'x',
          running: false,
          status: 'exited',
          exitCode: 137,
          oomKilled: true,
          restartCount: 0,
        },
      ],
    });
    const d = retry(decideNext(input(f)));
    expect(d.adjustments).toEqual([{ kind: 'raise_memory', service: 'db', fromBytes: 128 * 1024 * 1024, toBytes: 256 * 1024 * 1024 }]);
    expect(d.plan.memoryOverrides.db).toBe(256 * 1024 * 1024);
    const atMax = retry(decideNext(input(f, plan({ memoryOverrides: { db: 512 * 1024 * 1024 } }))));
    expect(atMax.adjustments).toEqual([{ kind: 'lower_parallelism', from: undefined, to: 2 }]);
  });

  it('out_of_memory of the orchestrator itself lowers parallelism down to 1, then is stuck', () => {
    const f = facts('out_of_memory', match('out_of_memory'));
    expect(retry(decideNext(input(f, plan({ maxWorkers: 4 })))).plan.maxWorkers).toBe(2);
    expect(
      stop(decideNext(input(f, plan({ maxWorkers: 1 }), [history(f, [{ kind: 'lower_parallelism', from: 2, to: 1 }])]))).stopReason,
    ).toBe('stuck');
  });

  it('an orchestrator killed by its timeout gets a longer timeout', () => {
    const f = facts('timeout', match('timeout'), { orchestrator: { exitCode: null, timedOut: true } });
    expect(retry(decideNext(input(f))).plan.orchestratorTimeoutMs).toBe(120_000);
  });

  it('a timeout reported by the orchestrator scales its step timeouts up to the bound', () => {
    const f = facts('timeout', match('timeout'));
    expect(retry(decideNext(input(f))).plan.stepTimeoutFactor).toBe(2);
    expect(
      stop(
        decideNext(input(f, plan({ stepTimeoutFactor: 8 }), [history(f, [{ kind: 'raise_step_timeouts', fromFactor: 4, toFactor: 8 }])])),
      ).stopReason,
    ).toBe('stuck');
  });

  it.each<ErrorClassId>(['deadlock', 'upstream_error'])('%s is retried plainly up to 3 times in a row', (cls) => {
    const f = facts(cls, match(cls));
    const plain = { kind: 'retry' as const };
    expect(retry(decideNext(input(f, plan(), [history(f, [plain])]))).adjustments).toEqual([plain]);
    expect(stop(decideNext(input(f, plan(), [history(f, [plain]), history(f, [plain])]))).stopReason).toBe('stuck');
  });

  it('crash is retried once', () => {
    const f = facts('crash', match('crash'));
    expect(retry(decideNext(input(f))).adjustments).toEqual([{ kind: 'retry' }]);
    expect(stop(decideNext(input(f, plan(), [history(f, [{ kind: 'retry' }])]))).stopReason).toBe('stuck');
  });

  it('too_many_connections waits first, then lowers parallelism', () => {
    const f = facts('too_many_connections', match('too_many_connections'));
    expect(retry(decideNext(input(f))).adjustments).toEqual([{ kind: 'retry' }]);
    expect(retry(decideNext(input(f, plan(), [history(f, [{ kind: 'retry' }])]))).adjustments).toEqual([
      { kind: 'lower_parallelism', from: undefined, to: 2 },
    ]);
  });

  it('unknown failures: a repeat of the same output is stuck, different output is not', () => {
    const f = facts('unknown', undefined, { outputFingerprint: 'aaa' });
    expect(retry(decideNext(input(f))).adjustments).toEqual([{ kind: 'retry' }]);
    expect(stop(decideNext(input(f, plan(), [history(f, [{ kind: 'retry' }])]))).stopReason).toBe('stuck');
    const other = facts('unknown', undefined, { outputFingerprint: 'bbb' });
    expect(retry(decideNext(input(other, plan(), [history(f, [{ kind: 'retry' }])]))).action).toBe('retry');
  });
});

describe('planner helpers', () => {
  it('targetServices prefers the failed service, then captures (service, host alias, host port), then the source', () => {
    expect(targetServices({ services, facts: facts('timeout', match('timeout'), { failedService: 'api' }) })).toEqual(['api']);
    expect(targetServices({ services, facts: facts('timeout', match('timeout', { host: 'POSTGRES' })) })).toEqual(['db']);
    expect(targetServices({ services, facts: facts('timeout', match('timeout', { port: '15432' })) })).toEqual(['db']);
    expect(targetServices({ services, facts: facts('timeout', match('timeout', {}, { source: 'container:api' })) })).toEqual(['api']);
    expect(targetServices({ services, facts: facts('timeout', match('timeout', { host: 'elsewhere.example' })) })).toEqual([]);
  });

  it('applyAdjustment ignores a service the plan does not know', () => {
    const p = plan();
    expect(applyAdjustment(p, { kind: 'raise_settle', service: 'ghost', fromMs: 0, toMs: 1 })).toBe(p);
  });
});
