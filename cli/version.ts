/** The CLI's view of etl-cycle's own package (core/package-info.ts). */
export { packageFile, readManifest, readVersion, selfCommand } from '../core/package-info.js';
