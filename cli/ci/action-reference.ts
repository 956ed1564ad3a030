/**
 * etl-cycle's GitHub Action as a workflow names it (`init --ci github`, `schedule print --github`):
 * the repository package.json names (`github:owner/repo` or its URL), at this version.
 */
import { readManifest } from '../version.js';

export function actionReference(): { ref: string; known: boolean } {
  const manifest = readManifest();
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const slug = /(?:github:|github\.com[/:])([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(repository ?? '')?.[1];
  return { ref: `${slug ?? 'OWNER/etl-cycle'}@v${manifest.version ?? '0'}`, known: slug !== undefined };
}
