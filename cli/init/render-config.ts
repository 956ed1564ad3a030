/**
 * The etl-cycle.yaml `etl-cycle init` writes: the project's name, the orchestrator command it
 * guessed (or a placeholder that fails with an instruction), and per service how readiness
 * will be decided — from the healthcheck or the ports the Compose file declares — with
 * comments that say what was found. Everything else stays at its default, listed commented
 * out. Scalars are written as JSON strings, which YAML reads as they are.
 */
import type { ProjectModel, ServiceModel } from '../../docker/types.js';
import type { OrchestratorGuess } from './guess-orchestrator.js';

/** The readiness deadline etl-cycle uses when none is set (readiness.timeout). */
const DEFAULT_READINESS_MS = 60_000;

export interface RenderConfigInput {
  model: ProjectModel;
  guess: OrchestratorGuess | undefined;
  /** Relative path of etl-cycle's JSON Schema, for editors (yaml-language-server), when known. */
  schemaPath?: string;
  composeFileName?: string;
}

const q = (value: string) => JSON.stringify(value);
const flow = (items: readonly string[]) => `[${items.map(q).join(', ')}]`;

export function renderConfig(input: RenderConfigInput): string {
  const { model, guess } = input;
  const services = model.services.filter((s) => !s.disabled);
  const lines: string[] = [];
  if (input.schemaPath) lines.push(`# yaml-language-server: $schema=${input.schemaPath}`);
  lines.push(
    `# etl-cycle for ${model.name}, written by \`etl-cycle init\` from ${input.composeFileName ?? 'the Compose file'}.`,
    '# Check it with `etl-cycle config check`, then `etl-cycle run`. Every setting: schema/etl-cycle.schema.json.',
    '',
    "# The same name in every checkout (CI, the pre-push hook's temporary worktree), so runs agree",
    "# on which containers are this project's.",
    `project: ${q(model.name)}`,
    '',
    'orchestrator:',
  );
  if (guess) {
    lines.push(
      `  # Guessed from ${guess.source}: the command that builds the infrastructure and loads the data.`,
      `  command: ${flow(guess.command)}`,
    );
  } else {
    lines.push(
      '  # No Makefile target, package.json script or run/main script found: put the command that',
      '  # runs your ETL here (argv form; a string runs through /bin/sh -c).',
      `  command: ${flow(['sh', '-c', "echo 'set orchestrator.command in etl-cycle.yaml to the command that runs your ETL' >&2; exit 1"])}`,
    );
  }
  const published = services.flatMap((s) =>
    s.ports.filter((p) => p.published && p.hostPort !== undefined).map((p) => ({ service: s.name, port: p })),
  );
  if (published.length > 0) {
    lines.push('  # The services publish these ports on this machine (from the Compose file):');
    for (const { service, port } of published) {
      lines.push(
        `  #   ${service}: ${port.hostIp && port.hostIp !== '0.0.0.0' ? port.hostIp : '127.0.0.1'}:${port.hostPort} -> ${port.containerPort}/${port.protocol}`,
      );
    }
    const first = published[0]!;
    const prefix = first.service.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    lines.push(
      `  # env: { ${prefix}_HOST: "127.0.0.1", ${prefix}_PORT: "${first.port.hostPort}" }   # what your ETL reads, if it needs telling`,
    );
  } else {
    lines.push('  # env: { DB_HOST: "127.0.0.1" }   # variables your ETL reads');
  }
  lines.push('  timeout: 30m', '');

  if (services.length > 0) {
    lines.push(
      'readiness:',
      '  # A service counts as ready when this says so; a deadline that is too short is raised by the loop.',
      '  services:',
    );
    for (const service of services) lines.push(...readinessLines(service));
    lines.push('');
  } else {
    lines.push('# The Compose file declares no services: only the orchestrator runs.', '');
  }

  lines.push(
    '# Checks after the orchestrator exits 0, e.g. a row count in a service container:',
    '# validations:',
    '#   - name: rows are loaded',
    `#     type: exec`,
    `#     service: ${services[0]?.name ?? 'db'}`,
    '#     command: [psql, -U, etl, -tAc, "select count(*) from etl.customers"]',
    "#     expect_output: '^\\s*[1-9][0-9]*\\s*$'",
    '',
    'loop:',
    '  max_iterations: 5',
    '  time_budget: 1h',
    '',
    '# Reports and logs (add the folder to .gitignore).',
    'logs:',
    '  dir: logs',
    '',
  );
  return lines.join('\n');
}

function readinessLines(service: ServiceModel): string[] {
  const healthcheck = service.healthcheck;
  const hasHealthcheck = healthcheck !== undefined && healthcheck.test[0] !== 'NONE';
  const ports = service.ports.map((p) => `${p.containerPort}/${p.protocol}`);
  const out = [`    ${service.name}:`];
  if (hasHealthcheck) {
    const test =
      healthcheck.test.length > 0
        ? healthcheck.test.slice(healthcheck.test[0] === 'CMD' || healthcheck.test[0] === 'CMD-SHELL' ? 1 : 0).join(' ')
        : "the image's own";
    out.push(`      # healthcheck found: ${truncate(test.replace(/\s+/g, ' '), 90)}`, '      wait: { type: healthcheck }');
    const needs = (healthcheck.startPeriodMs ?? 0) + (healthcheck.intervalMs ?? 30_000) * (healthcheck.retries ?? 3);
    if (needs > DEFAULT_READINESS_MS)
      out.push(`      timeout: ${Math.ceil(needs / 1000)}s   # start period + interval x retries of the healthcheck`);
  } else if (ports.length > 0) {
    out.push(
      `      # no healthcheck; ready when its port(s) ${ports.join(', ')} accept connections inside the container`,
      '      wait: { type: ports }',
    );
  } else {
    out.push(
      '      # no healthcheck and no ports: ready once it runs (a wait of type log, http or exec is stricter)',
      '      wait: { type: auto }',
    );
  }
  return out;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
