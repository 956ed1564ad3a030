/**
 * A throwaway etl-cycle project in a temp folder: files from an inline tree, a unique project
 * name, the test label on every resource, git off unless asked. `dispose()` runs `etl-cycle down`
 * semantics through the engine (by label) and deletes the folder.
 */
import { mkdir, mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeResourcesWithLabels, TEST_LABEL, uniqueProjectName } from './docker.js';

export interface TestProject {
  dir: string;
  name: string;
  logsDir: string;
  configFile: string;
  dispose(): Promise<void>;
}

export interface ProjectSpec {
  prefix: string;
  /** etl-cycle.yaml without project/labels/logs (added here). Use {{project}} to refer to the name. */
  config: string;
  compose?: string;
  files?: Record<string, string>;
  executable?: string[];
}

export async function createTestProject(spec: ProjectSpec): Promise<TestProject> {
  const dir = await mkdtemp(join(tmpdir(), `etl-cycle-${spec.prefix}-`));
  const name = uniqueProjectName(spec.prefix);
  const fill = (text: string) => text.replaceAll('{{project}}', name);
  const config = [`project: ${name}`, 'docker:', '  labels:', `    ${TEST_LABEL}: "1"`, 'logs:', '  dir: logs', fill(spec.config)].join(
    '\n',
  );
  const files: Record<string, string> = {
    'etl-cycle.yaml': config,
    ...(spec.compose ? { 'compose.yaml': fill(spec.compose) } : {}),
    ...spec.files,
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), fill(content));
  }
  for (const path of spec.executable ?? []) await chmod(join(dir, path), 0o755);
  return {
    dir,
    name,
    logsDir: join(dir, 'logs'),
    configFile: join(dir, 'etl-cycle.yaml'),
    dispose: async () => {
      await removeResourcesWithLabels([`etl-cycle.project=${name}`]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
