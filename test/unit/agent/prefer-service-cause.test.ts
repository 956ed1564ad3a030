import { describe, expect, it } from 'vitest';
import { preferServiceCause } from '../../../agent/prefer-service-cause.js';
import type { ErrorClassId } from '../../../core/error-classes.js';
import type { Classification, PatternMatch } from '../../../patterns/types.js';

const match = (cls: ErrorClassId, source: string): PatternMatch => ({
  class: cls,
  pattern: `p.${cls}`,
  line: 1,
  text: cls,
  captures: {},
  hint: '',
  source,
});
const verdict = (cls: ErrorClassId | 'unknown' | null, source: string): Classification =>
  cls === null || cls === 'unknown'
    ? { primary: cls, matches: [] }
    : { primary: cls, primaryMatch: match(cls, source), matches: [match(cls, source)] };

describe('preferServiceCause', () => {
  it("a dead service's own cause outranks the refused connection the orchestrator saw", () => {
    const result = preferServiceCause(verdict('connection_refused', 'orchestrator'), verdict('disk_full', 'container:db'));
    expect(result.primary).toBe('disk_full');
    expect(result.primaryMatch?.source).toBe('container:db');
    expect(result.matches.map((m) => m.class)).toEqual(['connection_refused', 'disk_full']);
  });

  it("an unknown orchestrator failure takes the service's cause too", () => {
    expect(preferServiceCause(verdict('unknown', 'orchestrator'), verdict('crash', 'container:api')).primary).toBe('crash');
  });

  it('a real cause in the orchestrator output stays primary', () => {
    expect(preferServiceCause(verdict('syntax_error', 'orchestrator'), verdict('disk_full', 'container:db')).primary).toBe('syntax_error');
  });

  it('service logs without a cause change nothing', () => {
    const output = verdict('connection_refused', 'orchestrator');
    expect(preferServiceCause(output, verdict('unknown', 'container:db'))).toEqual(output);
  });
});
