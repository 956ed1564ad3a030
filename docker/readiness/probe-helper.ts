/**
 * Probes from inside the engine's network when this machine cannot reach it: a one-shot helper
 * container on the probed container's network runs a tiny sh script (connect to address:port, or
 * GET a URL) and is removed at once, whatever happened. It sees the service exactly as another
 * container of the stack does, so it works for a remote engine, for a container without a shell,
 * and for Swarm tasks on other nodes (attachable overlay networks).
 *
 * The helper's image is `readiness.probe_image` when set, else the probed container's own image:
 * it is on the engine already (nothing is pulled) and usually has sh with nc/wget, or bash.
 * The helper carries etl-cycle's labels (managed-by, project, execution, role "readiness-probe"),
 * so even one left behind by a killed run is ours to remove, and nothing else is ever touched.
 */
import { randomBytes } from 'node:crypto';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { EngineClient } from '../engine/engine-client.js';
import { LABELS } from '../labels.js';

/** Exit codes of the probe scripts: 0 = reached, 1 = not (yet), 127 = this image cannot probe. */
const CANNOT_PROBE = 127;

export type HelperOutcome = { status: 'ran'; exitCode: number; output: string } | { status: 'unavailable'; detail: string };

export interface ProbeHelper {
  /** Runs `script` (sh) in a one-shot container on `network`; `image` is the probed container's, used unless one is configured. */
  run(request: { network: string; image: string; script: string; timeoutMs: number; signal: AbortSignal }): Promise<HelperOutcome>;
}

export interface ProbeHelperOptions {
  engine: EngineClient;
  logger: Logger;
  /** Ownership labels of the stack (managed-by, project, execution, version and the user's extra labels). */
  labels: Record<string, string>;
  /** Name prefix: the project name. */
  namePrefix: string;
  /** `readiness.probe_image`. */
  image?: string;
}

export function tcpProbeScript(host: string, port: number, timeoutSeconds: number): string {
  return [
    `if command -v nc >/dev/null 2>&1; then nc -w ${timeoutSeconds} ${host} ${port} </dev/null >/dev/null 2>&1; exit $?; fi`,
    `if command -v bash >/dev/null 2>&1; then exec bash -c 'exec 3<>/dev/tcp/${host}/${port}' 2>/dev/null; fi`,
    `exit ${CANNOT_PROBE}`,
  ].join('\n');
}

/** A single-quoted sh word. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Prints the response's status line(s). wget first (exit codes of 128+ mean it crashed, as some
 * static BusyBox builds do: then the next tool), curl, else a bare HTTP/1.0 request through nc.
 */
export function httpProbeScript(host: string, port: number, path: string, timeoutSeconds: number): string {
  const url = quote(`http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
  const request = quote(`GET ${path} HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: etl-cycle readiness\r\n\r\n`);
  return [
    `if command -v wget >/dev/null 2>&1; then out=$(wget -q -S -O /dev/null -T ${timeoutSeconds} ${url} 2>&1); rc=$?; if [ $rc -lt 128 ]; then printf '%s\\n' "$out"; exit $rc; fi; fi`,
    `if command -v curl >/dev/null 2>&1; then curl -s -o /dev/null -m ${timeoutSeconds} -w 'HTTP/1.1 %{http_code}\\n' ${url}; exit $?; fi`,
    `if command -v nc >/dev/null 2>&1; then printf '%s' ${request} | nc -w ${timeoutSeconds} ${host} ${port} | head -n 1; exit 0; fi`,
    `exit ${CANNOT_PROBE}`,
  ].join('\n');
}

export function createProbeHelper(options: ProbeHelperOptions): ProbeHelper {
  const { engine } = options;
  /** Images that proved unable to probe (no shell, no tools): not tried again in this run. */
  const useless = new Set<string>();
  return {
    async run(request): Promise<HelperOutcome> {
      const image = options.image ?? request.image;
      if (useless.has(image)) return { status: 'unavailable', detail: `image ${image} cannot run the probe` };
      const name = `${options.namePrefix}-readiness-probe-${randomBytes(4).toString('hex')}`;
      let id: string | undefined;
      const deadline = AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs + 2_000)]);
      try {
        id = await engine.createContainer({
          name,
          image,
          entrypoint: ['sh', '-c', request.script],
          cmd: [],
          env: [],
          labels: { ...options.labels, [LABELS.role]: 'readiness-probe' },
          exposedPorts: [],
          portBindings: [],
          mounts: [],
          network: { name: request.network, aliases: [] },
          extraHosts: [],
          tty: false,
          openStdin: false,
        });
        try {
          await engine.startContainer(id);
        } catch (error) {
          // "exec: sh: executable file not found": the image has no shell.
          useless.add(image);
          return { status: 'unavailable', detail: `a probe container from ${image} could not start (${errorMessage(error)})` };
        }
        const exitCode = await engine.waitContainer(id, { signal: deadline });
        const output = await engine.containerLogs(id, { tty: false, tailLines: 50 }).catch(() => '');
        if (exitCode === CANNOT_PROBE || exitCode === 126) {
          useless.add(image);
          return { status: 'unavailable', detail: `image ${image} has neither nc/wget nor bash to probe with` };
        }
        return { status: 'ran', exitCode, output };
      } catch (error) {
        request.signal.throwIfAborted();
        if (deadline.aborted) return { status: 'ran', exitCode: 1, output: 'the probe container did not finish in time' };
        return { status: 'unavailable', detail: `no probe container (${errorMessage(error)})` };
      } finally {
        if (id)
          await engine.removeContainer(id, { force: true, removeVolumes: true }).catch((error: unknown) => {
            options.logger.warn(`readiness probe container ${name} could not be removed: ${errorMessage(error)}`, { container: name });
          });
      }
    },
  };
}
