/**
 * The Engine API has no call to stop an exec'd process. When the engine runs on this machine and
 * shares our pid namespace, the pid exec inspect reports is a process we can signal, so we kill
 * it, but only after /proc/<pid>/cgroup proves it belongs to that container: in another pid
 * namespace (etl-cycle itself in a container, a remote engine) the same number can be any
 * process, and then we leave it alone (it dies with its container).
 */
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { EngineClient } from './engine-client.js';

export async function killExecProcess(engine: EngineClient, logger: Logger, execId: string, containerId: string): Promise<boolean> {
  try {
    const info = await engine.inspectExec(execId);
    if (!info.running || info.pid <= 0) return false;
    const cgroup = await readFile(`/proc/${info.pid}/cgroup`, 'utf8').catch(() => '');
    if (!cgroup.includes(containerId)) {
      logger.debug('exec process left running: not visible from here', { exec: execId, pid: info.pid });
      return false;
    }
    process.kill(info.pid, 'SIGKILL');
    logger.debug('killed exec process', { exec: execId, pid: info.pid });
    return true;
  } catch (error) {
    logger.debug(`could not kill exec process: ${errorMessage(error)}`, { exec: execId });
    return false;
  }
}
