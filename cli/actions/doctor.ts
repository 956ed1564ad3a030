/**
 * `etl-cycle doctor`: a preflight in the spirit of testcontainers' and `brew doctor` — one
 * line per check, ✓ fine, ! worth knowing, ✗ blocks a run — and exit 1 when anything blocks.
 * Checks: Node, etl-cycle.yaml and its Compose file, the engine (reachable, version), each
 * service's image, the published ports, disk space, the git repository, the orchestrator's
 * program. Nothing is created, started or changed. Loaded lazily by cli/commands/doctor.ts.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { EXIT_FAILURE, EXIT_SUCCESS, errorMessage, isEtlCycleError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { EngineClient } from '../../docker/engine/engine-client.js';
import { formatEngineReport } from '../../docker/engine/engine-report.js';
import { describeEngine } from '../../docker/open-stack.js';
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { openProject } from '../../project/open-project.js';
import type { Project } from '../../project/open-project.js';
import { checkDisk } from '../doctor/check-disk.js';
import { checkGit } from '../doctor/check-git.js';
import { checkImages } from '../doctor/check-images.js';
import { checkNode } from '../doctor/check-node.js';
import { checkOrchestrator } from '../doctor/check-orchestrator.js';
import { checkPorts } from '../doctor/check-ports.js';
import { fail, ok, warn } from '../doctor/doctor-check.js';
import type { CheckResult } from '../doctor/doctor-check.js';
import { engineSelection } from '../options.js';
import { readManifest } from '../version.js';

export interface DoctorArgs {
  config?: string;
  json: boolean;
  engine?: string;
  allowPlaintextEngine?: boolean;
}

const MARKS = { ok: '✓', warn: '!', fail: '✗' } as const;
/** Where a local Docker engine keeps images, containers and volumes. */
const DOCKER_DATA_ROOT = '/var/lib/docker';

export async function doctor(args: DoctorArgs): Promise<number> {
  const results: CheckResult[] = [];
  const report = (result: CheckResult | CheckResult[]) => {
    for (const r of [result].flat()) {
      results.push(r);
      if (!args.json) process.stdout.write(`${MARKS[r.status]} ${r.name}: ${r.detail}\n`);
    }
  };

  report(checkNode(process.version, readManifest().engines?.node));
  const project = await openProjectChecked(args.config, report);
  const engine = project && project.model.services.length > 0 ? await connectChecked(args, project, report) : undefined;
  if (project) {
    const services = project.model.services.filter((s) => !s.disabled);
    if (engine) report(await checkImages(services, engine));
    if (services.length > 0 && isLocalEngine(engine)) report(await checkPorts(services, project.name, engine));
    report(await checkDisk('logs', existsSync(project.paths.logsDir) ? project.paths.logsDir : project.paths.dir));
    if (services.length > 0 && isLocalEngine(engine) && existsSync(DOCKER_DATA_ROOT)) report(await checkDisk('docker', DOCKER_DATA_ROOT));
    report(await checkGit(project.config));
    report(await checkOrchestrator(project.config, process.env));
  }

  const blocking = results.filter((r) => r.status === 'fail').length;
  if (args.json) process.stdout.write(`${JSON.stringify({ ready: blocking === 0, checks: results }, null, 2)}\n`);
  else process.stdout.write(blocking === 0 ? 'etl-cycle doctor: ready to run\n' : `etl-cycle doctor: ${blocking} problem(s) block a run\n`);
  return blocking === 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

async function openProjectChecked(configPath: string | undefined, report: (r: CheckResult) => void): Promise<Project | undefined> {
  const warnings: string[] = [];
  try {
    const project = await openProject({ cwd: process.cwd(), configPath, onWarning: (w) => warnings.push(w) });
    checkTasks(project.config, project.model);
    const services = project.model.services.map((s) => s.name);
    report(
      ok(
        'config',
        `${project.config.file ? relative(process.cwd(), project.config.file) || project.config.file : 'etl-cycle.yaml'}: project ${project.name}, ${services.length} service(s)${services.length ? ` (${services.join(', ')})` : ''}`,
      ),
    );
    for (const w of warnings) report(warn('config', w));
    return project;
  } catch (error) {
    if (!isEtlCycleError(error)) throw error;
    report(fail('config', error.message));
    return undefined;
  }
}

/** The engine a run would use, named with how it was chosen (docker/open-stack.ts), and what the run would do on it. */
async function connectChecked(args: DoctorArgs, project: Project, report: (r: CheckResult) => void): Promise<EngineClient | undefined> {
  try {
    const { report: described, engine } = await describeEngine({
      logger: silentLogger(),
      engine: engineSelection(args),
      mode: project.config.docker.mode,
      probe: project.config.readiness.probe,
      onWarning: (w) => report(warn('engine', w)),
    });
    report(ok('engine', formatEngineReport(described)));
    return engine;
  } catch (error) {
    report(fail('engine', errorMessage(error)));
    return undefined;
  }
}

/** Ports and Docker's disk are this machine's only when the engine is (a unix socket). */
function isLocalEngine(engine: EngineClient | undefined): engine is EngineClient {
  return engine !== undefined && engine.endpoint.startsWith('unix://');
}
