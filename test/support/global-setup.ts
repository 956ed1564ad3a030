/**
 * Runs once before the integration and e2e suites: makes sure a real engine answers and the
 * locally built images exist (building them once per run, never per test), and after the
 * suites removes anything a crashed test left behind with the test label.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BUSYBOX_IMAGE, POSTGRES_IMAGE, TEST_LABEL, removeResourcesWithLabels, testDocker } from './docker.js';

const buildScript = fileURLToPath(new URL('../../scripts/images/build-images.sh', import.meta.url));

async function imageExists(name: string): Promise<boolean> {
  try {
    await testDocker().getImage(name).inspect();
    return true;
  } catch {
    return false;
  }
}

export async function setup(): Promise<void> {
  try {
    await testDocker().ping();
  } catch (error) {
    throw new Error(`No Docker engine answers (${String(error)}). Start one (see .ci/run) before the integration tests.`);
  }
  if (!(await imageExists(BUSYBOX_IMAGE)) || !(await imageExists(POSTGRES_IMAGE))) {
    const built = spawnSync('bash', [buildScript], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`${buildScript} failed with exit ${built.status}`);
  }
}

/**
 * In CI (one suite per machine) sweep whatever a crashed test left behind. Not on a developer
 * machine, where another suite may be running and its resources carry the same label.
 */
export async function teardown(): Promise<void> {
  if (process.env.CI) await removeResourcesWithLabels([TEST_LABEL]);
}
