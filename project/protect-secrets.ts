/**
 * Registers the project's secrets with the process's masker (core/secret-masker.ts) before
 * anything runs, so that no log line, report, console line or history row shows them. A
 * secret is the value of a variable whose name looks secret (`secrets.names`, by default
 * *PASSWORD*, *SECRET*, *TOKEN*, *KEY*, *CREDENTIAL*...) or is listed in
 * `secrets.values_from_env`, or the password of a URL found in any value. Where the values come
 * from: etl-cycle's own environment, `orchestrator.env`, the env of tasks (their `${VAR:-default}`
 * expanded) and validations, task http headers, the services' environment in the Compose file
 * and the project's env files (.env, compose.env_files).
 */
import { dirname } from 'node:path';
import type { EtlCycleConfig } from '../config/types.js';
import { interpolateString } from '../core/interpolate.js';
import { MIN_SECRET_LENGTH, processMasker, urlPasswordsIn } from '../core/secret-masker.js';
import type { SecretMasker } from '../core/secret-masker.js';
import { secretNameMatcher } from '../core/secret-names.js';
import { loadProjectEnvironment } from '../docker/compose/load-project-environment.js';
import type { ProjectModel } from '../docker/types.js';
import { composeEnvFiles } from './compose-env-files.js';

export interface ProtectedSecrets {
  /** How many values are masked. */
  count: number;
  /** One line each: secrets declared in the project's files that are too short to be masked. */
  warnings: string[];
}

interface Variable {
  name: string;
  value: string;
  /** Where it was declared, for warnings; undefined for the ambient environment. */
  origin?: string;
}

export async function protectSecrets(
  project: { config: EtlCycleConfig; model: ProjectModel },
  processEnv: Readonly<Record<string, string | undefined>>,
  masker: SecretMasker = processMasker,
): Promise<ProtectedSecrets> {
  const { config, model } = project;
  const isSecretName = secretNameMatcher(config.secrets);
  const warnings: string[] = [];
  const variables = [...(await declaredVariables(config, model, processEnv)), ...entries(processEnv)];
  for (const variable of variables) {
    if (isSecretName(variable.name) || (variable.name.toLowerCase() === 'authorization' && variable.origin !== undefined)) {
      const added = masker.add(variable.value);
      if (added === 'too_short' && (variable.origin !== undefined || config.secrets.valuesFromEnv.includes(variable.name))) {
        const line = `${variable.name} (${variable.origin ?? 'environment'}) is shorter than ${MIN_SECRET_LENGTH} characters, so it is not masked in logs and reports; use a longer secret`;
        if (!warnings.includes(line)) warnings.push(line);
      }
    }
    for (const password of urlPasswordsIn(variable.value)) {
      masker.add(password);
      masker.add(decodeURIComponentSafely(password));
    }
  }
  return { count: masker.values.length, warnings };
}

async function declaredVariables(
  config: EtlCycleConfig,
  model: ProjectModel,
  processEnv: Readonly<Record<string, string | undefined>>,
): Promise<Variable[]> {
  const where = config.file ?? 'etl-cycle.yaml';
  const lookup = (name: string) => processEnv[name];
  const out: Variable[] = [...entries(config.orchestrator.env, `${where} orchestrator.env`)];
  config.validations.forEach((check, index) => {
    if (check.type === 'command') out.push(...entries(check.env, `${where} validations[${index}].env`));
  });
  for (const task of config.tasks) {
    for (const [name, value] of Object.entries(task.env)) {
      out.push({ name, value: expandQuietly(value, lookup), origin: `${where} tasks.${task.id}.env` });
    }
    if (task.action.type === 'http') out.push(...entries(task.action.headers, `${where} tasks.${task.id}.http.headers`));
  }
  const composeFile = model.composeFile ?? 'the Compose file';
  for (const service of model.services) out.push(...entries(service.environment, `${composeFile} services.${service.name}.environment`));
  if (model.composeFile !== undefined && config.compose !== false) {
    const projectEnv = await loadProjectEnvironment({
      projectDir: dirname(model.composeFile),
      env: {},
      envFiles: composeEnvFiles(config, model.composeFile),
    }).catch(() => undefined);
    if (projectEnv) out.push(...entries(projectEnv.variables, 'the project env file'));
  }
  return out;
}

function entries(env: Readonly<Record<string, string | undefined>>, origin?: string): Variable[] {
  return Object.entries(env).flatMap(([name, value]) => (value === undefined || value === '' ? [] : [{ name, value, origin }]));
}

/** `${VAR:-default}` as the task will see it; a value that cannot expand is taken as written. */
function expandQuietly(value: string, lookup: (name: string) => string | undefined): string {
  try {
    return interpolateString(value, lookup).value;
  } catch {
    return value;
  }
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
