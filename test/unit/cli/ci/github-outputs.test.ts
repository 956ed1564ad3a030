import { describe, expect, it } from 'vitest';
import { formatOutputs, runOutputs } from '../../../../cli/ci/github-outputs.js';
import { cycle, missingTable, runReport } from './run-report-fixture.js';

/** Reads the file back the way the runner does: name<<DELIM, lines, DELIM. */
function parseOutputFile(text: string): Record<string, string> {
  const lines = text.split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i += 1) {
    const header = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!header) continue;
    const value: string[] = [];
    for (i += 1; lines[i] !== header[2]; i += 1) value.push(lines[i]!);
    out[header[1]!] = value.join('\n');
  }
  return out;
}

describe('GITHUB_OUTPUT', () => {
  it('writes each output in the delimiter form, so multi-line values survive', () => {
    const text = formatOutputs({ success: 'false', diagnosis: 'line one\nline two' });
    expect(text).toMatch(/^success<<ghadelimiter_[0-9a-f-]{36}\n/);
    expect(parseOutputFile(text)).toEqual({ success: 'false', diagnosis: 'line one\nline two' });
  });

  it('picks another delimiter when the value happens to contain the first one', () => {
    const delimiters = ['EOF', 'EOF', 'OTHER'];
    const text = formatOutputs({ x: 'a\nEOF\nb' }, () => delimiters.shift()!);
    expect(text).toBe('x<<OTHER\na\nEOF\nb\nOTHER\n');
  });

  it('a failed run: success false, the stop reason, the class of the last iteration', () => {
    const outputs = runOutputs(runReport([missingTable]));
    expect(outputs).toEqual({
      success: 'false',
      'stop-reason': 'non_retryable',
      iterations: '1',
      'execution-id': '20260101_120000_ab12',
      'report-path': '/p/logs/auto_cycle_report_20260101_120000_ab12.json',
      class: 'missing_table',
      diagnosis: 'the table etl.customers is missing: the schema was not created',
    });
  });

  it('a healed run: success true and no class (the last iteration was green)', () => {
    const outputs = runOutputs(runReport([missingTable, cycle({ iteration: 2 })]));
    expect(outputs).toMatchObject({ success: 'true', 'stop-reason': 'success', iterations: '2', class: '', diagnosis: '' });
  });
});
