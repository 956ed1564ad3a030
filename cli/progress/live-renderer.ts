/**
 * Progress on an interactive terminal: a status area redrawn in place (iteration N of M, the
 * phase and its elapsed time, each service's readiness, the backoff countdown), with the
 * orchestrator's output and each iteration's verdict scrolling above it.
 */
import { createLogUpdate } from 'log-update';
import { formatDuration } from '../../core/duration.js';
import type { AgentObserver } from '../../agent/observer.js';
import type { CycleRecord, RunReport } from '../../agent/report.js';
import type { StackEvent } from '../../docker/types.js';
import type { TerminalMode } from '../terminal.js';
import { describeCycle, describeOutcome } from './describe.js';
import { ProgressState } from './progress-state.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class LiveRenderer implements AgentObserver {
  private readonly state = new ProgressState();
  private readonly area: ReturnType<typeof createLogUpdate>;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private project = '';

  constructor(
    stream: NodeJS.WriteStream,
    private readonly mode: TerminalMode,
  ) {
    this.area = createLogUpdate(stream);
  }

  writeLine = (line: string): void => {
    this.area.persist(line);
    this.draw();
  };

  runStarted(info: { executionId: string; project: string; maxIterations: number; services: string[]; reportFile: string }): void {
    this.project = info.project;
    this.writeLine(
      this.mode.colors.bold(`etl-cycle ${info.executionId}`) +
        this.mode.colors.dim(` · project ${info.project} · report ${info.reportFile}`),
    );
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
  }

  iterationStarted(iteration: number, max: number): void {
    this.state.startIteration(iteration, max);
    this.draw();
  }

  phaseStarted(_iteration: number, phase: CycleRecord['failed_phase'] & string): void {
    this.state.setPhase(phase);
    this.draw();
  }

  service(event: StackEvent): void {
    this.state.service(event);
    this.draw();
  }

  orchestratorLine(stream: 'stdout' | 'stderr', line: string): void {
    const bar = stream === 'stderr' ? this.mode.colors.yellow('│') : this.mode.colors.dim('│');
    this.writeLine(`  ${bar} ${line}`);
  }

  iterationFinished(record: CycleRecord): void {
    const c = this.mode.colors;
    const mark = record.success ? c.green('✔') : record.status === 'aborted' ? c.yellow('■') : c.red('✖');
    this.writeLine(`${mark} ${describeCycle(record)}`);
    const hint = record.matches[0] ? record.matches[0].text : undefined;
    if (!record.success && hint) this.writeLine(c.dim(`    ${hint}`));
    for (const adjustment of record.adjustments) this.writeLine(`    ${c.cyan('→')} ${adjustment}`);
    if (record.diagnosis) this.writeLine(`    ${c.red('diagnosis:')} ${record.diagnosis}`);
  }

  backoffStarted(_iteration: number, delayMs: number): void {
    this.state.startBackoff(delayMs);
    this.draw();
  }

  warning(message: string): void {
    this.writeLine(this.mode.colors.yellow(`warning: ${message}`));
  }

  runFinished(report: RunReport): void {
    if (this.timer) clearInterval(this.timer);
    this.area.clear();
    const c = this.mode.colors;
    const outcome = describeOutcome(report);
    this.area.persist(report.overall_success ? c.green(c.bold(outcome)) : c.red(c.bold(outcome)));
    if (report.diagnosis && !report.overall_success) this.area.persist(`diagnosis: ${report.diagnosis}`);
    this.area.done();
  }

  /** Stop redrawing (on errors before runFinished). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.area.clear();
    this.area.done();
  }

  private draw(): void {
    if (!this.timer) return;
    const c = this.mode.colors;
    const s = this.state;
    this.frame = (this.frame + 1) % SPINNER.length;
    const now = Date.now();
    const lines: string[] = [];
    const phase =
      s.phase === 'backoff'
        ? `backing off, next iteration in ${formatDuration(Math.max(0, s.backoffUntil - now))}`
        : `${s.phase} ${c.dim(formatDuration(now - s.phaseSince))}`;
    lines.push(`${c.cyan(SPINNER[this.frame]!)} ${c.bold(this.project)} · iteration ${s.iteration}/${s.maxIterations} · ${phase}`);
    for (const [name, line] of s.services) {
      const icon = line.phase === 'ready' ? c.green('●') : line.phase === 'failed' || line.phase === 'exited' ? c.red('●') : c.yellow('○');
      const since = line.phase === 'ready' ? '' : c.dim(` ${formatDuration(now - line.since)}`);
      lines.push(`   ${icon} ${name.padEnd(16)} ${line.phase}${line.detail ? c.dim(` · ${line.detail}`) : ''}${since}`);
    }
    this.area(lines.join('\n'));
  }
}
