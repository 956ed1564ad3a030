/**
 * What etl-cycle does with each key of the Compose Specification, section by section:
 *  - 'supported': read into the model;
 *  - 'ignored': a warning, because running without it still gives the same stack for ETL
 *    purposes (logging drivers, CPU shares, DNS tweaks, ...);
 *  - { reject }: a ComposeError, because ignoring it would silently run a different stack
 *    than `docker compose up` would (the text says what to do instead).
 * Keys that are not in the specification at all are errors too (typos: `enviroment`), as they
 * are in Compose. `x-*` extension keys are always allowed.
 */

export type KeySupport = 'supported' | 'ignored' | { reject: string };
export type KeyCatalogue = Readonly<Record<string, KeySupport>>;

const S = 'supported' as const;
const I = 'ignored' as const;

export const TOP_LEVEL_KEYS: KeyCatalogue = {
  version: I, // obsolete in the Compose Specification; the loader words its own warning
  name: S,
  services: S,
  networks: S,
  volumes: S,
  secrets: I, // only matters when a service uses one, which is rejected there
  configs: I,
  models: I,
  include: { reject: 'etl-cycle reads a single Compose file; copy the included services into it' },
};

export const SERVICE_KEYS: KeyCatalogue = {
  image: S,
  build: S,
  command: S,
  entrypoint: S,
  environment: S,
  env_file: S,
  ports: S,
  expose: S,
  volumes: S,
  tmpfs: S,
  healthcheck: S,
  depends_on: S,
  mem_limit: S,
  deploy: S,
  labels: S,
  networks: S,
  container_name: S,
  user: S,
  working_dir: S,
  hostname: S,
  extra_hosts: S,
  restart: S,
  stop_grace_period: S,
  stop_signal: S,
  tty: S,
  stdin_open: S,
  profiles: S,
  scale: S,
  links: S, // checked in read-service.ts: harmless without an alias, refused with one

  extends: { reject: 'etl-cycle does not resolve extends; copy the inherited settings into the service' },
  secrets: { reject: 'etl-cycle does not mount secrets; pass the value through environment or bind-mount the file with volumes' },
  configs: { reject: 'etl-cycle does not mount configs; bind-mount the file with volumes instead' },
  network_mode: {
    reject:
      'etl-cycle connects services through Compose networks only; remove network_mode (services reach each other by name on the default network)',
  },
  volumes_from: { reject: 'etl-cycle does not copy mounts between services; mount the same named volumes in both services with volumes' },
  post_start: { reject: 'etl-cycle does not run lifecycle hooks; move the commands into the entrypoint or command' },
  pre_stop: { reject: 'etl-cycle does not run lifecycle hooks; remove pre_stop or run the step from your orchestrator' },
  provider: { reject: 'provider services are not supported by etl-cycle; run the resource as a container image' },
  models: { reject: 'model services are not supported by etl-cycle; remove models from the service' },
  use_api_socket: { reject: 'etl-cycle does not mount the engine socket implicitly; bind-mount /var/run/docker.sock with volumes' },

  annotations: I,
  attach: I,
  blkio_config: I,
  cap_add: I,
  cap_drop: I,
  cgroup: I,
  cgroup_parent: I,
  cpu_count: I,
  cpu_percent: I,
  cpu_period: I,
  cpu_quota: I,
  cpu_rt_period: I,
  cpu_rt_runtime: I,
  cpu_shares: I,
  cpus: I,
  cpuset: I,
  credential_spec: I,
  develop: I,
  device_cgroup_rules: I,
  devices: I,
  dns: I,
  dns_opt: I,
  dns_search: I,
  domainname: I,
  driver_opts: I,
  external_links: I,
  gpus: I,
  group_add: I,
  init: I,
  ipc: I,
  isolation: I,
  label_file: I,
  logging: I,
  mac_address: I,
  mem_reservation: I,
  mem_swappiness: I,
  memswap_limit: I,
  oom_kill_disable: I,
  oom_score_adj: I,
  pid: I,
  pids_limit: I,
  platform: I,
  privileged: I,
  pull_policy: I,
  pull_refresh_after: I,
  read_only: I,
  runtime: I,
  security_opt: I,
  shm_size: I,
  storage_opt: I,
  sysctls: I,
  ulimits: I,
  userns_mode: I,
  uts: I,
};

export const BUILD_KEYS: KeyCatalogue = {
  context: S,
  dockerfile: S,
  args: S,
  target: S,
  dockerfile_inline: { reject: 'etl-cycle builds from a Dockerfile on disk; write the inline Dockerfile to a file and set dockerfile' },
  additional_contexts: { reject: 'etl-cycle builds with a single context; copy what the build needs into the context folder' },
  secrets: { reject: 'etl-cycle does not pass build secrets; use build args or files in the context instead' },
  ssh: { reject: 'etl-cycle does not forward SSH agents to builds; fetch private sources before the build' },
  cache_from: I,
  cache_to: I,
  entitlements: I,
  extra_hosts: I,
  isolation: I,
  labels: I,
  network: I,
  no_cache: I,
  platforms: I,
  privileged: I,
  provenance: I,
  pull: I,
  sbom: I,
  shm_size: I,
  tags: I,
  ulimits: I,
};

export const HEALTHCHECK_KEYS: KeyCatalogue = {
  test: S,
  interval: S,
  timeout: S,
  retries: S,
  start_period: S,
  start_interval: S,
  disable: S,
};

/**
 * `deploy:` is read whole (the Swarm stack honours all of it); what a plain container stack cannot
 * honour is refused or warned about once the engine is known (docker/stack-mode.ts).
 */
export const DEPLOY_KEYS: KeyCatalogue = {
  resources: S,
  replicas: S,
  mode: S,
  endpoint_mode: S,
  labels: S,
  placement: S,
  restart_policy: S,
  rollback_config: S,
  update_config: S,
};

export const DEPLOY_RESOURCES_KEYS: KeyCatalogue = { limits: S, reservations: S };

export const DEPLOY_LIMITS_KEYS: KeyCatalogue = { memory: S, cpus: S, pids: S, devices: I };

export const DEPLOY_RESERVATIONS_KEYS: KeyCatalogue = { memory: S, cpus: S, devices: I, generic_resources: I };

export const DEPLOY_PLACEMENT_KEYS: KeyCatalogue = { constraints: S, preferences: S, max_replicas_per_node: S };

export const DEPLOY_RESTART_POLICY_KEYS: KeyCatalogue = { condition: S, delay: S, max_attempts: S, window: S };

export const DEPLOY_UPDATE_KEYS: KeyCatalogue = {
  parallelism: S,
  delay: S,
  failure_action: S,
  monitor: S,
  max_failure_ratio: S,
  order: S,
};

export const PORT_KEYS: KeyCatalogue = { target: S, published: S, host_ip: S, protocol: S, mode: I, app_protocol: I, name: I };

export const SERVICE_VOLUME_KEYS: KeyCatalogue = {
  type: S,
  source: S,
  target: S,
  read_only: S,
  volume: S,
  bind: I,
  tmpfs: I,
  consistency: I,
  image: I,
};

export const SERVICE_NETWORK_KEYS: KeyCatalogue = {
  aliases: S,
  driver_opts: I,
  gw_priority: I,
  interface_name: I,
  ipv4_address: I,
  ipv6_address: I,
  link_local_ips: I,
  mac_address: I,
  priority: I,
};

export const DEPENDS_ON_KEYS: KeyCatalogue = { condition: S, required: S, restart: I };

export const ENV_FILE_KEYS: KeyCatalogue = { path: S, required: S, format: I };

export const NETWORK_KEYS: KeyCatalogue = {
  driver: S,
  external: S,
  name: S,
  labels: S,
  attachable: I,
  driver_opts: I,
  enable_ipv4: I,
  enable_ipv6: I,
  internal: I,
  ipam: I,
};

export const VOLUME_KEYS: KeyCatalogue = { driver: S, driver_opts: S, external: S, name: S, labels: S };
