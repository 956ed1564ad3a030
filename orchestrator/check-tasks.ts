/**
 * Load-time checks of the task graph that the schema cannot make field by field: every
 * dependency and workflow entry names a declared task, there is no dependency cycle, and every
 * exec task names a service of the Compose file. The first problem is a TasksConfigError with
 * one line naming the file, the field and the value (exit 2), before anything runs.
 */
import { TasksConfigError } from '../core/errors.js';
import type { EtlCycleConfig } from '../config/types.js';
import type { ProjectModel } from '../docker/types.js';
import { findDependencyCycle } from '../core/graph.js';
import { suggestName } from './suggest-name.js';

/** `project` undefined skips the service check (commands that do not read the Compose file). */
export function checkTasks(config: EtlCycleConfig, project?: ProjectModel): void {
  const where = config.file ?? 'etl-cycle.yaml';
  const ids = config.tasks.map((task) => task.id);
  const known = new Set(ids);
  for (const task of config.tasks) {
    for (const dependency of task.dependsOn) {
      if (!known.has(dependency)) {
        throw new TasksConfigError(
          `${where}: tasks.${task.id}.depends_on: no task "${dependency}" (${suggestName(dependency, ids, 'task')})`,
        );
      }
    }
  }
  const dependencies = new Map(config.tasks.map((task) => [task.id, task.dependsOn]));
  const cycle = findDependencyCycle(ids, (id) => dependencies.get(id) ?? []);
  if (cycle) {
    throw new TasksConfigError(`${where}: tasks.${cycle[0]}.depends_on: dependency cycle ${cycle.join(' → ')}`, {
      hint: 'each arrow reads "depends on"; remove one of these dependencies',
    });
  }
  for (const workflow of config.workflows) {
    for (const id of workflow.tasks) {
      if (!known.has(id))
        throw new TasksConfigError(`${where}: workflows.${workflow.name}.tasks: no task "${id}" (${suggestName(id, ids, 'task')})`);
    }
  }
  if (project) checkExecServices(config, project, where);
}

function checkExecServices(config: EtlCycleConfig, project: ProjectModel, where: string): void {
  const services = project.services.map((service) => service.name);
  for (const task of config.tasks) {
    if (task.action.type !== 'exec' || services.includes(task.action.service)) continue;
    const source = project.composeFile ?? 'the project';
    const known = project.composeFile ? suggestName(task.action.service, services, 'service') : 'this project has no Compose file';
    throw new TasksConfigError(`${where}: tasks.${task.id}.exec.service: no service "${task.action.service}" in ${source} (${known})`);
  }
}
