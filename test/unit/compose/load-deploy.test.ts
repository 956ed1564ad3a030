/** `deploy:` read whole and validated as Swarm validates it; what containers cannot honour is decided by docker/stack-mode.ts. */
import { describe, expect, it } from 'vitest';
import { ComposeError, ConfigError } from '../../../core/errors.js';
import { checkForContainers, checkForSwarm, chooseStackMode } from '../../../docker/stack-mode.js';
import { composeError, loadYaml } from './project-dir.js';

const swarmFile = `
services:
  web:
    image: x
    ports: ["8080:80"]
    deploy:
      mode: replicated
      replicas: 3
      labels: { team: data }
      resources:
        limits: { cpus: "0.5", memory: 256m, pids: 100 }
        reservations: { cpus: 0.25, memory: 128m }
      restart_policy: { condition: on-failure, delay: 5s, max_attempts: 3, window: 1m }
      placement:
        constraints: ["node.role == manager", "node.labels.zone!=eu-1"]
        preferences: [{ spread: node.labels.zone }]
        max_replicas_per_node: 2
      update_config: { parallelism: 2, delay: 10s, failure_action: rollback, monitor: 30s, max_failure_ratio: 0.3, order: start-first }
      rollback_config: { parallelism: 1, failure_action: pause, order: stop-first }
      endpoint_mode: vip
  agent:
    image: x
    deploy: { mode: global }
  worker:
    image: x
    scale: 2
`;

describe('deploy: in the Compose file', () => {
  it('is read whole, with where each setting was written', async () => {
    const { project } = await loadYaml(swarmFile);
    const [web, agent, worker] = project.services;
    expect(web!.memLimitBytes).toBe(256 * 1024 ** 2);
    expect(web!.deploy).toMatchObject({
      mode: 'replicated',
      replicas: 3,
      cpusLimit: 0.5,
      pidsLimit: 100,
      cpusReservation: 0.25,
      memoryReservationBytes: 128 * 1024 ** 2,
      labels: { team: 'data' },
      restartPolicy: { condition: 'on-failure', delayMs: 5000, maxAttempts: 3, windowMs: 60_000 },
      placement: {
        constraints: ['node.role == manager', 'node.labels.zone!=eu-1'],
        preferences: ['node.labels.zone'],
        maxReplicasPerNode: 2,
      },
      updateConfig: {
        parallelism: 2,
        delayMs: 10_000,
        failureAction: 'rollback',
        monitorMs: 30_000,
        maxFailureRatio: 0.3,
        order: 'start-first',
      },
      rollbackConfig: { parallelism: 1, failureAction: 'pause', order: 'stop-first' },
      endpointMode: 'vip',
    });
    expect(web!.deploy!.locations.replicas).toMatch(/compose\.yaml:8: services\.web\.deploy\.replicas$/);
    expect(agent!.deploy).toMatchObject({ mode: 'global' });
    expect(worker!.deploy).toMatchObject({ replicas: 2 });
    expect(worker!.deploy!.locations.replicas).toMatch(/compose\.yaml:26: services\.worker\.scale$/);
  });

  it.each([
    [
      '      restart_policy: { condition: always }\n',
      /:5: services\.a\.deploy\.restart_policy\.condition: "always" is not a Swarm restart condition; expected none, on-failure or any$/,
    ],
    [
      '      placement: { constraints: ["node.roles == manager"] }\n',
      /:5: services\.a\.deploy\.placement\.constraints\[0\]: unknown constraint key "node\.roles": no node would ever match/,
    ],
    ['      placement: { constraints: ["node.role = manager"] }\n', /is not a constraint; write <key> == <value>/],
    ['      placement: { constraints: ["node.role == boss"] }\n', /node\.role is manager or worker, not "boss"/],
    ['      placement: { preferences: [{ pack: x }] }\n', /Swarm knows one placement preference: spread: <node label>/],
    ['      update_config: { order: blue-green }\n', /update_config\.order: "blue-green": expected stop-first or start-first/],
    ['      update_config: { failure_action: explode }\n', /update_config\.failure_action: "explode": expected continue, rollback, pause/],
    ['      rollback_config: { failure_action: rollback }\n', /rollback_config\.failure_action: "rollback": expected continue, pause/],
    ['      update_config: { max_failure_ratio: 2 }\n', /max_failure_ratio: 2: expected a fraction from 0 to 1/],
    ['      mode: replicated-job\n', /deploy\.mode: "replicated-job" is not a mode etl-cycle runs/],
    ['      mode: global\n      replicas: 2\n', /deploy\.replicas: replicas can only be used with mode replicated/],
    ['      mode: global\n      placement: { max_replicas_per_node: 1 }\n', /max_replicas_per_node: cannot be used with mode global/],
    ['      replicas: -1\n', /deploy\.replicas: expected a whole number of at least 0, got -1/],
    ['      resources: { limits: { cpus: lots } }\n', /limits\.cpus: "lots" is not a number of CPUs/],
    [
      '      resources: { limits: { memory: 1g }, reservations: { memory: 2g } }\n',
      /reservations\.memory: is larger than the memory limit/,
    ],
    ['      endpoint_mode: round-robin\n', /endpoint_mode: "round-robin": expected vip or dnsrr/],
    ['      restart_policy: { condition: any, delay: soon }\n', /restart_policy\.delay: expected a duration/],
    ['      placment: {}\n', /unknown Compose key "placment"; did you mean "placement"\?/],
  ])('refuses what Swarm would reject: %j', async (deploy, expected) => {
    const error = await composeError(`services:\n  a:\n    image: x\n    deploy:\n${deploy}`);
    expect(error.message).toMatch(expected);
    expect(error.exitCode).toBe(2);
  });

  it('refuses scale and deploy.replicas that disagree', async () => {
    expect((await composeError('services:\n  a:\n    image: x\n    scale: 2\n    deploy: { replicas: 3 }\n')).message).toMatch(
      /services\.a\.scale: 2 disagrees with deploy\.replicas \(3\)/,
    );
  });
});

describe('containers or Swarm services', () => {
  const manager = { localNodeState: 'active', controlAvailable: true, nodeId: 'n1' };
  const worker = { localNodeState: 'active', controlAvailable: false, nodeId: 'n2' };
  const inactive = { localNodeState: 'inactive', controlAvailable: false, nodeId: '' };

  it('auto is swarm on a manager only; containers is always containers; swarm needs a manager', () => {
    expect(chooseStackMode('auto', manager, 'e')).toBe('swarm');
    expect(chooseStackMode('auto', worker, 'e')).toBe('containers');
    expect(chooseStackMode('auto', inactive, 'e')).toBe('containers');
    expect(chooseStackMode('containers', manager, 'e')).toBe('containers');
    expect(chooseStackMode('swarm', manager, 'e')).toBe('swarm');
    expect(() => chooseStackMode('swarm', inactive, 'unix:///var/run/docker.sock')).toThrow(ConfigError);
    expect(() => chooseStackMode('swarm', inactive, 'unix:///var/run/docker.sock')).toThrow(
      /^docker\.mode: swarm needs a Swarm manager, but the engine at unix:\/\/\/var\/run\/docker\.sock is not one \(its swarm state is inactive\)/,
    );
    expect(() => chooseStackMode('swarm', worker, 'e')).toThrow(/it is a Swarm worker, which cannot create services/);
  });

  it('containers: more than one replica or mode global is refused, naming the line', async () => {
    const { project } = await loadYaml('services:\n  a:\n    image: x\n    deploy:\n      replicas: 3\n');
    expect(() => checkForContainers(project, 'unix:///var/run/docker.sock')).toThrow(ComposeError);
    expect(() => checkForContainers(project, 'e')).toThrow(
      /compose\.yaml:5: services\.a\.deploy\.replicas: 3 replicas need Swarm mode .* so set it to 1 or remove it$/,
    );
    const scaled = await loadYaml('services:\n  a:\n    image: x\n    scale: 0\n');
    expect(() => checkForContainers(scaled.project, 'e')).toThrow(
      /compose\.yaml:4: services\.a\.scale: 0 replicas .*\(to leave a service out, use profiles:\)/,
    );
    const global = await loadYaml('services:\n  a:\n    image: x\n    deploy: { mode: global }\n');
    expect(() => checkForContainers(global.project, 'e')).toThrow(/services\.a\.deploy\.mode: mode global needs Swarm mode/);
  });

  it('containers: Swarm-only settings are warned about, one line each; one replica and memory are fine', async () => {
    const { project } = await loadYaml(
      'services:\n  a:\n    image: x\n    scale: 1\n    deploy:\n      restart_policy: { condition: on-failure }\n      resources:\n        limits: { memory: 1g }\n        reservations: { memory: 512m }\n',
    );
    expect(checkForContainers(project, 'e')).toEqual([
      expect.stringMatching(
        /compose\.yaml:6: services\.a\.deploy\.restart_policy is honoured in Swarm mode only and ignored here \(use restart: /,
      ),
      expect.stringMatching(/compose\.yaml:9: services\.a\.deploy\.resources\.reservations is honoured in Swarm mode only/),
    ]);
    expect(project.services[0]!.memLimitBytes).toBe(1024 ** 3);
  });

  it('swarm: dnsrr with published ports is refused; container_name and host_ip are warned about', async () => {
    const dnsrr = await loadYaml('services:\n  a:\n    image: x\n    ports: ["80:80"]\n    deploy: { endpoint_mode: dnsrr }\n');
    expect(() => checkForSwarm(dnsrr.project)).toThrow(
      /services\.a\.deploy\.endpoint_mode: dnsrr cannot publish ports through the routing mesh/,
    );
    const named = await loadYaml('services:\n  a:\n    image: x\n    container_name: fixed\n    ports: ["127.0.0.1:80:80"]\n');
    expect(checkForSwarm(named.project)).toEqual([
      expect.stringMatching(/services\.a\.container_name is ignored in Swarm mode/),
      expect.stringMatching(/services\.a\.ports: host_ip is ignored in Swarm mode/),
    ]);
  });
});
