import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../config/load-config.js';
import { UsageError } from '../../../core/errors.js';
import { checkWindowMode } from '../../../session/check-window-mode.js';

const windowed = parseConfigText(
  `orchestrator: { workflow: hourly }
tasks:
  load: { run: 'true' }
  report: { run: 'true' }
workflows:
  hourly: { tasks: [load], window: { size: 1h } }
  plain: { tasks: [report] }
`,
  '/p/etl-cycle.yaml',
);

describe('checkWindowMode', () => {
  it('no mode: none; a mode of a windowed workflow: that mode', () => {
    expect(checkWindowMode(undefined, windowed, '--mode')).toBeUndefined();
    expect(checkWindowMode('full', windowed, '--mode')).toBe('full');
    expect(checkWindowMode('incremental', windowed, 'mode')).toBe('incremental');
  });

  it('refuses, naming the option, an unknown mode, a workflow without a window and a command orchestrator', () => {
    expect(() => checkWindowMode('hourly', windowed, '--mode')).toThrow(
      new UsageError('--mode: expected incremental or full, got "hourly"'),
    );
    const plain = { ...windowed, orchestrator: { ...windowed.orchestrator, workflow: 'plain' } };
    expect(() => checkWindowMode('full', plain, 'mode')).toThrow(/^mode: workflow plain declares no window; add window: \{ size: 1h \}/);
    const command = parseConfigText('orchestrator:\n  command: [node, etl.mjs]\n', '/p/etl-cycle.yaml');
    expect(() => checkWindowMode('full', command, '--mode')).toThrow(/^--mode: the orchestrator is a command, not a workflow/);
  });
});
