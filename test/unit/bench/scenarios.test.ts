import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../bench/support/seeded-random.js';
import { SCENARIO_IDS, SCENARIOS } from '../../../bench/time-to-green/scenarios.js';

const byId = (id: string) => SCENARIOS.find((s) => s.id === id)!;

describe('the time-to-green scenarios', () => {
  it('cover every id once, with a quick subset', () => {
    expect(SCENARIOS.map((s) => s.id)).toEqual([...SCENARIO_IDS]);
    expect(SCENARIOS.filter((s) => s.quick).map((s) => s.id)).toEqual(['no-fault', 'slow-database', 'wrong-password']);
  });

  it('say which stack each runs on and what etl-cycle must achieve where issue #15 sets a target', () => {
    expect(Object.fromEntries(SCENARIOS.filter((s) => s.stack !== 'warehouse').map((s) => [s.id, s.stack]))).toEqual({
      'flaky-upstream': 'flaky-upstream',
      'six-services': 'chain',
      'six-services-oom': 'chain',
    });
    expect(byId('flaky-upstream')).toMatchObject({ shellAttempts: 3, target: { kind: 'backoff', slackSeconds: 2 } });
    expect(byId('six-services-oom').target).toEqual({
      kind: 'rebuild',
      rebuilt: ['transform', 'api', 'report'],
      kept: ['store', 'queue', 'metrics'],
    });
    for (let seed = 0; seed < 50; seed += 1) {
      const index = Number(byId('six-services-oom').prepare(createRandom(seed)).env.TRANSFORM_INDEX_BYTES);
      expect(index).toBeGreaterThanOrEqual(20_000_000);
      expect(index).toBeLessThanOrEqual(28_000_000);
    }
  });

  it('draw the same fault from the same seed', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return SCENARIOS.map((s) => {
        const f = s.prepare(random);
        return [f.description, f.env];
      });
    };
    expect(draw(11)).toEqual(draw(11));
    const delays = new Set(Array.from({ length: 30 }, (_, seed) => byId('slow-database').prepare(createRandom(seed)).env.PG_START_DELAY));
    expect(delays.size).toBeGreaterThan(1);
  });

  it('keep the drawn parameters where the fault is certain and the fix is possible', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      const random = createRandom(seed);
      const delay = Number(byId('slow-database').prepare(random).env.PG_START_DELAY);
      // Past the orchestrator's own 5 s wait plus the predecessor's 5 s settle; well inside etl-cycle's 60 s deadline.
      expect(delay).toBeGreaterThanOrEqual(10);
      expect(delay).toBeLessThanOrEqual(14);
      const index = Number(byId('oom-killed').prepare(random).env.LOOKUP_INDEX_BYTES);
      // Killed under 32 MiB (from ~18 MB), fits once the limit is doubled to 64 MiB (up to ~32 MB).
      expect(index).toBeGreaterThanOrEqual(20_000_000);
      expect(index).toBeLessThanOrEqual(28_000_000);
      expect(byId('wrong-password').prepare(random).env.DB_ADMIN_PASSWORD).not.toBe('admin-secret');
    }
  });

  it('inject engine faults only where the fault lives in the engine', () => {
    const random = createRandom(1);
    const withEngineFault = SCENARIOS.filter((s) => s.prepare(random).inject !== undefined).map((s) => s.id);
    expect(withEngineFault).toEqual(['half-made-schema', 'stale-port-holder']);
    expect(byId('no-fault').prepare(random)).toEqual({ description: 'the stack as it should be', env: {} });
  });
});
