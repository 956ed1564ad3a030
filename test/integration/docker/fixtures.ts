/**
 * Building blocks for the docker-layer integration tests: models built directly (the Compose
 * loader has its own tests), stacks labelled for the suite, and a check of what the engine holds.
 */
import { silentLogger } from '../../../core/logger.js';
import { connectEngine } from '../../../docker/engine/dockerode-client.js';
import type { EngineClient } from '../../../docker/engine/engine-client.js';
import { LABELS } from '../../../docker/labels.js';
import { createStack, type CreateStackOptions } from '../../../docker/stack/create-stack.js';
import type { ProjectModel, ServiceModel, ServiceReadinessPlan, StackEvent, StackOperations } from '../../../docker/types.js';
import { BUSYBOX_IMAGE, TEST_LABEL, removeResourcesWithLabels, resourcesWithLabels, uniqueProjectName } from '../../support/docker.js';

export const TEST_LABELS = { [TEST_LABEL]: '1' };

export function service(name: string, overrides: Partial<ServiceModel> = {}): ServiceModel {
  return {
    name,
    image: BUSYBOX_IMAGE,
    environment: {},
    ports: [],
    volumes: [],
    dependsOn: [],
    labels: {},
    networks: ['default'],
    aliases: [],
    extraHosts: [],
    tty: false,
    stdinOpen: false,
    disabled: false,
    // Busybox's sh ignores SIGTERM as PID 1: a short grace keeps cleanups quick.
    stopGracePeriodMs: 1_000,
    ...overrides,
  };
}

export function project(prefix: string, services: ServiceModel[], overrides: Partial<ProjectModel> = {}): ProjectModel {
  return { name: uniqueProjectName(prefix), workingDir: process.cwd(), services, networks: [], volumes: [], ...overrides };
}

export function plan(strategy: ServiceReadinessPlan['strategy'], timeoutMs = 20_000, settleMs = 0): ServiceReadinessPlan {
  return { strategy, timeoutMs, settleMs };
}

let engine: EngineClient | undefined;
export async function testEngine(): Promise<EngineClient> {
  engine ??= await connectEngine({ logger: silentLogger() });
  return engine;
}

export async function testStack(model: ProjectModel, options: Partial<CreateStackOptions> = {}): Promise<StackOperations> {
  return createStack({
    engine: await testEngine(),
    project: model,
    executionId: 'test',
    extraLabels: TEST_LABELS,
    logger: silentLogger(),
    ...options,
  });
}

/** What the engine holds for a project, by our project label. */
export function leftovers(projectName: string) {
  return resourcesWithLabels([`${LABELS.project}=${projectName}`]);
}

/** Last resort after a test: force-remove whatever carries the project label (the test itself must clean first). */
export async function forceRemoveProject(projectName: string): Promise<void> {
  await removeResourcesWithLabels([`${LABELS.project}=${projectName}`, `${TEST_LABEL}`]);
}

export function eventLog(): { events: StackEvent[]; onEvent: (event: StackEvent) => void } {
  const events: StackEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

/** `sh -c` command for a busybox service that listens on `port` only after `delaySeconds`. */
export function slowHttpd(port: number, delaySeconds: number): string[] {
  return ['sh', '-c', `sleep ${delaySeconds}; mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p ${port} -h /www`];
}
