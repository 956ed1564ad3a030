import type { CleanupResult } from '../types.js';
import { cleanup } from './cleanup.js';
import type { StackContext } from './stack-context.js';

/** Everything of this project goes, orphans included; named volumes only on request. */
export function down(ctx: StackContext, options: { removeVolumes: boolean; signal?: AbortSignal }): Promise<CleanupResult> {
  return cleanup(ctx, { removeVolumes: options.removeVolumes, removeOrphans: true, signal: options.signal });
}
