/**
 * Progress for CI logs and pipes: one timestamped line per event, nothing redrawn. A phase
 * that runs quietly for a while gets a "still ..." line so a long run never looks hung.
 * On GitHub Actions and GitLab CI each iteration is a collapsible group; on GitHub Actions the
 * outcome and warnings are annotations (cli/ci/ knows each CI's syntax).
 */
import { formatDuration } from '../../core/duration.js';
import type { AgentObserver } from '../../agent/observer.js';
import type { CycleRecord, RunReport } from '../../agent/report.js';
import type { StackEvent } from '../../docker/types.js';
import { annotation } from '../ci/github-commands.js';
import { groupEnd, groupStart } from '../ci/log-groups.js';
import type { TerminalMode } from '../terminal.js';
import { describeCycle, describeOutcome } from './describe.js';
import { EchoThrottle } from './echo-throttle.js';
import { ProgressState } from './progress-state.js';

const HEARTBEAT_MS = 20_000;

export class PlainRenderer implements AgentObserver {
  private readonly state = new ProgressState();
  private heartbeat: NodeJS.Timeout | undefined;
  private lastLineAt = Date.now();
  /** An output flood is summarized, not echoed line by line (the log and the classifier get it all). */
  private readonly echo = new EchoThrottle((line, summary) => {
    this.out.write(`  ${summary ? '┆' : '│'} ${line}\n`);
    this.lastLineAt = Date.now();
  });
  private echoFlush: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly mode: TerminalMode,
  ) {}

  /** For the logger's console sink. */
  writeLine = (line: string): void => {
    this.out.write(`${new Date().toISOString()} ${line}\n`);
    this.lastLineAt = Date.now();
  };

  private tag(): string {
    return this.state.iteration ? `[${this.state.iteration}/${this.state.maxIterations}] ` : '';
  }

  runStarted(info: { executionId: string; project: string; maxIterations: number; services: string[]; reportFile: string }): void {
    const services = info.services.length ? `${info.services.length} service(s): ${info.services.join(', ')}` : 'no services';
    this.writeLine(`etl-cycle ${info.executionId}: project ${info.project}, ${services}, up to ${info.maxIterations} iteration(s)`);
    this.writeLine(`report: ${info.reportFile}`);
    this.heartbeat = setInterval(() => this.beat(), 5000);
    this.heartbeat.unref();
  }

  iterationStarted(iteration: number, max: number): void {
    this.out.write(groupStart(this.mode, `etl_cycle_iteration_${iteration}`, `etl-cycle iteration ${iteration} of ${max}`));
    this.state.startIteration(iteration, max);
    this.writeLine(`${this.tag()}iteration ${iteration} of ${max}`);
  }

  phaseStarted(_iteration: number, phase: CycleRecord['failed_phase'] & string, detail?: string): void {
    this.state.setPhase(phase);
    this.writeLine(`${this.tag()}${phase}${detail ? `: ${detail}` : ''}`);
  }

  service(event: StackEvent): void {
    const previous = this.state.services.get(event.service);
    this.state.service(event);
    // "waiting" repeats with every probe; print it when what the probe sees changes.
    if (previous && previous.phase === event.phase && previous.detail === event.detail) return;
    const after =
      event.phase === 'ready' || event.phase === 'failed' || event.phase === 'exited' ? ` after ${formatDuration(event.elapsedMs)}` : '';
    this.writeLine(`${this.tag()}  ${event.service}: ${event.phase}${after}${event.detail ? ` (${event.detail})` : ''}`);
  }

  orchestratorLine(_stream: 'stdout' | 'stderr', line: string): void {
    this.echo.line(line);
    // While lines are held back, a summary goes out every second even if the flood stops.
    if (this.echo.pending > 0 && !this.echoFlush) {
      this.echoFlush = setInterval(() => {
        this.echo.flush();
        if (this.echo.pending === 0) this.stopEchoFlush();
      }, 1000);
      this.echoFlush.unref();
    }
  }

  private stopEchoFlush(): void {
    if (this.echoFlush) clearInterval(this.echoFlush);
    this.echoFlush = undefined;
  }

  iterationFinished(record: CycleRecord): void {
    this.echo.flush();
    this.stopEchoFlush();
    this.writeLine(`${this.tag()}${describeCycle(record)}`);
    for (const adjustment of record.adjustments) this.writeLine(`${this.tag()}  next: ${adjustment}`);
    if (record.diagnosis) this.writeLine(`${this.tag()}  diagnosis: ${record.diagnosis}`);
    this.out.write(groupEnd(this.mode, `etl_cycle_iteration_${record.iteration}`));
  }

  backoffStarted(_iteration: number, delayMs: number): void {
    this.state.startBackoff(delayMs);
    this.writeLine(delayMs > 0 ? `backing off ${formatDuration(delayMs)}` : 'no backoff: the next iteration runs with the adjustments');
  }

  warning(message: string): void {
    if (this.mode.githubActions) this.out.write(`${annotation('warning', message, { title: 'etl-cycle' })}\n`);
    else this.writeLine(`warning: ${message}`);
  }

  runFinished(report: RunReport): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.echo.flush();
    this.stopEchoFlush();
    const outcome = describeOutcome(report);
    this.writeLine(outcome);
    if (report.diagnosis && !report.overall_success) this.writeLine(`diagnosis: ${report.diagnosis}`);
    if (this.mode.githubActions && !report.overall_success) {
      this.out.write(`${annotation('error', report.diagnosis ?? outcome, { title: `etl-cycle: ${outcome}` })}\n`);
    }
  }

  private beat(): void {
    const now = Date.now();
    if (now - this.lastLineAt < HEARTBEAT_MS || this.state.phase === 'starting') return;
    const waiting = [...this.state.services.entries()]
      .filter(([, s]) => s.phase === 'waiting')
      .map(([name, s]) => `${name}${s.detail ? ` (${s.detail})` : ''}`);
    const extra = waiting.length ? `; waiting for ${waiting.join(', ')}` : '';
    this.writeLine(`${this.tag()}still in ${this.state.phase} (${formatDuration(now - this.state.phaseSince)})${extra}`);
  }
}
