import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../config/load-config.js';
import { UsageError } from '../../../core/errors.js';
import { windowModeArgs } from '../../../session/window-mode-args.js';

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

describe('windowModeArgs', () => {
  it('no mode: no arguments; a mode of a windowed workflow: passed to orchestrate', () => {
    expect(windowModeArgs(undefined, windowed, '--mode')).toEqual([]);
    expect(windowModeArgs('full', windowed, '--mode')).toEqual(['--mode', 'full']);
    expect(windowModeArgs('incremental', windowed, 'mode')).toEqual(['--mode', 'incremental']);
  });

  it('refuses, naming the option, an unknown mode, a workflow without a window and a command orchestrator', () => {
    expect(() => windowModeArgs('hourly', windowed, '--mode')).toThrow(
      new UsageError('--mode: expected incremental or full, got "hourly"'),
    );
    const plain = { ...windowed, orchestrator: { ...windowed.orchestrator, workflow: 'plain' } };
    expect(() => windowModeArgs('full', plain, 'mode')).toThrow(/^mode: workflow plain declares no window:; add window: \{ size: 1h \}/);
    const command = parseConfigText('orchestrator:\n  command: [node, etl.mjs]\n', '/p/etl-cycle.yaml');
    expect(() => windowModeArgs('full', command, '--mode')).toThrow(/^--mode: the orchestrator is a command, not a workflow/);
  });
});
