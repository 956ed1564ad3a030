/** The Compose loader's public surface: find a Compose file, load it into a ProjectModel. */
export { COMPOSE_FILE_NAMES, findComposeFile, locateComposeFile } from './find-compose-file.js';
export type { ComposeFileLookup } from './find-compose-file.js';
export { loadComposeProject } from './load-compose-project.js';
export type { LoadComposeOptions, LoadedComposeProject } from './load-compose-project.js';
export { isValidProjectName, normalizeProjectName } from './normalize-project-name.js';
