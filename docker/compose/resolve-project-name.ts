/**
 * The project name, by Compose's precedence: the explicit option, then COMPOSE_PROJECT_NAME
 * (shell or .env), then the file's top-level `name:`, then the Compose file's folder name
 * (normalized). Names the user wrote must be valid as written: a silently rewritten name would
 * make etl-cycle manage other containers and volumes than the ones the user means.
 */
import { basename } from 'node:path';
import { ComposeError } from '../../core/errors.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource } from './compose-source.js';
import { isValidProjectName, normalizeProjectName } from './normalize-project-name.js';
import { readString } from './read-field.js';

export interface ProjectNameInputs {
  option?: string | undefined;
  variables: Readonly<Record<string, string>>;
  /** The interpolated top-level `name:`. */
  nameField: unknown;
  projectDir: string;
}

const RULE = 'project names hold lowercase letters, digits, "_" and "-", and start with a letter or digit';

export function resolveProjectName(source: ComposeSource, inputs: ProjectNameInputs): string {
  if (inputs.option !== undefined) {
    if (!isValidProjectName(inputs.option))
      throw new ComposeError(
        `project name ${describeValue(inputs.option)} is invalid: ${RULE} (try "${normalizeProjectName(inputs.option)}")`,
      );
    return inputs.option;
  }
  const fromEnv = inputs.variables.COMPOSE_PROJECT_NAME;
  if (fromEnv) {
    if (!isValidProjectName(fromEnv)) throw new ComposeError(`COMPOSE_PROJECT_NAME ${describeValue(fromEnv)} is invalid: ${RULE}`);
    return fromEnv;
  }
  if (inputs.nameField !== undefined && inputs.nameField !== null && inputs.nameField !== '') {
    const name = readString(source, ['name'], inputs.nameField);
    if (!isValidProjectName(name))
      throw source.error(['name'], `${describeValue(name)} is invalid: ${RULE} (try "${normalizeProjectName(name)}")`);
    return name;
  }
  const folder = basename(inputs.projectDir);
  const derived = normalizeProjectName(folder);
  if (!derived)
    throw source.error(
      [],
      `cannot derive a project name from the folder name ${describeValue(folder)}; set name: at the top of the Compose file`,
    );
  return derived;
}
