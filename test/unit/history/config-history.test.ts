import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../config/load-config.js';
import { ConfigError } from '../../../core/errors.js';
import { parseAge } from '../../../core/duration.js';

const minimal = 'orchestrator:\n  command: [node, etl.mjs]\n';

describe('config: history', () => {
  it('defaults: on, .etl-cycle/history.db next to the config, 90 days, learning from 20 green runs', () => {
    expect(parseConfigText(minimal, '/p/etl-cycle.yaml').history).toEqual({
      enabled: true,
      path: '/p/.etl-cycle/history.db',
      url: undefined,
      required: false,
      retentionMs: 90 * 86_400_000,
      learn: { deadlines: true, margin: 1.5, minRuns: 3, window: 20, minDeadlineMs: 10_000 },
    });
  });

  it('reads every field; retention false keeps everything', () => {
    const config = parseConfigText(
      `${minimal}history:\n  path: state/h.db\n  url: postgresql://etl@db/history\n  required: true\n  retention: false\n  learn: { deadlines: false, margin: 2, min_runs: 5, window: 50, min_deadline: 30s }\n`,
      '/p/etl-cycle.yaml',
    ).history;
    expect(config).toEqual({
      enabled: true,
      path: '/p/state/h.db',
      url: 'postgresql://etl@db/history',
      required: true,
      retentionMs: undefined,
      learn: { deadlines: false, margin: 2, minRuns: 5, window: 50, minDeadlineMs: 30_000 },
    });
  });

  it('a bad value is one line naming the field', () => {
    const fail = (yaml: string) => {
      try {
        parseConfigText(`${minimal}${yaml}`, '/p/etl-cycle.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fail('history: { retention: soon }\n')).toMatch(
      /history\.retention.*expected an age such as 90d, 12w or 720h \(or false\), got "soon"/,
    );
    expect(fail('history: { url: mysql://db/x }\n')).toMatch(/history\.url.*a PostgreSQL URL/);
    expect(fail('history: { learn: { margin: 0.5 } }\n')).toMatch(/history\.learn\.margin/);
  });

  it('ages take days and weeks', () => {
    expect(parseAge('7d')).toBe(7 * 86_400_000);
    expect(parseAge('2w')).toBe(14 * 86_400_000);
    expect(parseAge('1d12h')).toBe(36 * 3_600_000);
    expect(parseAge('7')).toBeUndefined();
    expect(parseAge('0d')).toBeUndefined();
    expect(parseAge('soon')).toBeUndefined();
  });
});
