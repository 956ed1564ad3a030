/** Task configs for the orchestrator's unit tests, built the way loadConfig would. */
import { parseConfigText } from '../../../config/load-config.js';
import type { EtlCycleConfig } from '../../../config/types.js';

export const CONFIG_FILE = '/p/etl-cycle.yaml';

/** A config whose `tasks:`/`workflows:` sections are `yaml` (indented two spaces under them). */
export function configWith(sections: string, orchestrator = 'orchestrator: { command: x }'): EtlCycleConfig {
  return parseConfigText(`${orchestrator}\n${sections}\n`, CONFIG_FILE);
}
