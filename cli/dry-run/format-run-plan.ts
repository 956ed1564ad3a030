/**
 * The plan of `etl-cycle run --dry-run`: the services in the order a run starts them (with
 * image, published ports and readiness), then what the orchestrator runs — a command with the
 * names of the variables it gets, or the workflow's plan task by task. Names only, never values.
 */
import { AGENT_VARIABLES } from '../../core/agent-variables.js';
import { formatDuration } from '../../core/duration.js';
import { topologicalOrder } from '../../core/graph.js';
import type { ExecutionPlan } from '../../orchestrator/plan-execution.js';
import { formatPlan } from '../../orchestrator/format-plan.js';
import { formatCommandLine } from '../../process/format-command-line.js';
import type { Project } from '../../project/open-project.js';

/** The variables the agent sets for every orchestrator (besides orchestrator.env). */
const ALWAYS = [
  AGENT_VARIABLES.marker,
  AGENT_VARIABLES.executionId,
  AGENT_VARIABLES.project,
  AGENT_VARIABLES.iteration,
  AGENT_VARIABLES.maxIterations,
  AGENT_VARIABLES.timeoutFactor,
  AGENT_VARIABLES.recreatedVolumes,
  AGENT_VARIABLES.logDir,
];

export function formatRunPlan(project: Project, workflowPlan: ExecutionPlan | undefined, extraVariables: readonly string[] = []): string {
  const { config, model } = project;
  const services = model.services.filter((s) => !s.disabled);
  const byName = new Map(services.map((s) => [s.name, s]));
  const order = topologicalOrder(
    services.map((s) => s.name),
    (name) =>
      byName
        .get(name)!
        .dependsOn.map((d) => d.service)
        .filter((d) => byName.has(d)),
  );
  const lines = [
    `dry run — nothing is created, started or changed. project ${project.name}: up to ${config.loop.maxIterations} iteration(s) within ${formatDuration(config.loop.timeBudgetMs)}.`,
    '',
    services.length ? 'services, in start order:' : 'services: none (no Compose file)',
  ];
  order.forEach((name, index) => {
    const service = byName.get(name)!;
    const ports = service.ports.filter((p) => p.published && p.hostPort !== undefined).map((p) => `${p.hostPort}→${p.containerPort}`);
    const readiness = config.readiness.services[name];
    const parts = [
      service.build ? `${service.image} (built)` : service.image,
      ...(ports.length ? [`ports ${ports.join(', ')}`] : []),
      ...(service.dependsOn.length ? [`after ${service.dependsOn.map((d) => d.service).join(', ')}`] : []),
      `ready within ${formatDuration(readiness?.timeoutMs ?? config.readiness.timeoutMs)}${readiness?.wait ? ` (${readiness.wait.type})` : service.healthcheck ? ' (healthcheck)' : ''}`,
    ];
    lines.push(`  ${index + 1}. ${name}: ${parts.join('; ')}`);
  });
  lines.push('');
  const names = [...Object.keys(config.orchestrator.env), ...ALWAYS];
  if (workflowPlan) {
    lines.push(
      `orchestrator: the built-in one, workflow ${config.orchestrator.workflow} (timeout ${formatDuration(config.orchestrator.timeoutMs)})`,
    );
    lines.push(`  env: ${[...names, AGENT_VARIABLES.orchestrationId].join(', ')}`, '');
    lines.push(formatPlan(workflowPlan, extraVariables).trimEnd());
  } else {
    lines.push(
      `orchestrator: ${formatCommandLine(config.orchestrator.command!)} (in ${config.orchestrator.cwd}, timeout ${formatDuration(config.orchestrator.timeoutMs)})`,
    );
    lines.push(`  env: ${[...names, AGENT_VARIABLES.metricsFile, ...extraVariables].join(', ')}`);
  }
  if (config.validations.length) {
    lines.push('', 'then validations:');
    config.validations.forEach((v, index) => lines.push(`  ${index + 1}. ${v.name} (${v.type})`));
  }
  return `${lines.join('\n')}\n`;
}
