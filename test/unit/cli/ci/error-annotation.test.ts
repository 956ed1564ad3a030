import { describe, expect, it } from 'vitest';
import { errorAnnotation } from '../../../../cli/ci/error-annotation.js';
import { parseConfigText } from '../../../../config/load-config.js';
import { ConfigError, UsageError } from '../../../../core/errors.js';

function configErrorOf(text: string, file: string): ConfigError {
  try {
    parseConfigText(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const github = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: '/repo' };

describe('errors as GitHub annotations', () => {
  it('a bad key in etl-cycle.yaml points at its line and column, relative to the workspace', () => {
    const error = configErrorOf('orchestrator:\n  command: [echo]\nloop:\n  max_iteration: 3\n', '/repo/etl/etl-cycle.yaml');
    expect(error.location).toEqual({ file: '/repo/etl/etl-cycle.yaml', line: 4, col: 3 });
    expect(errorAnnotation(error, github, '/repo')).toBe(
      `::error title=etl-cycle%3A configuration error,file=etl/etl-cycle.yaml,line=4,col=3::${error.message}`,
    );
  });

  it('invalid YAML points at the position the parser stopped', () => {
    const error = configErrorOf('orchestrator:\n  command: [echo\nloop: {}\n', '/repo/etl-cycle.yaml');
    expect(error.location?.file).toBe('/repo/etl-cycle.yaml');
    expect(error.location?.line).toBeGreaterThanOrEqual(2);
    expect(errorAnnotation(error, github, '/repo')).toMatch(
      /^::error title=etl-cycle%3A configuration error,file=etl-cycle.yaml,line=\d+,col=\d+::/,
    );
  });

  it('an error without a position is still an annotation, without file', () => {
    expect(errorAnnotation(new UsageError('--max-iterations: expected a whole number, got 0'), github, '/repo')).toBe(
      '::error title=etl-cycle%3A usage error::--max-iterations: expected a whole number, got 0',
    );
  });

  it('outside GitHub Actions, nothing', () => {
    expect(errorAnnotation(new UsageError('x'), {}, '/repo')).toBeUndefined();
  });
});
