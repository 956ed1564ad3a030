/**
 * The readiness route for a run: `readiness.probe` in etl-cycle.yaml (auto | host | engine)
 * against where the engine is. `auto` probes from here when the engine is on this machine and
 * from inside the engine's network otherwise; either route still falls back method by method
 * (port-prober.ts), so a local engine whose networks are not routable (Docker Desktop, etl-cycle
 * in a container) is handled too.
 */
import type { EngineLocation } from '../engine/engine-location.js';
import type { PortProbeMode } from './port-probe-mode.js';

export const PROBE_SETTINGS = ['auto', 'host', 'engine'] as const;
export type ProbeSetting = (typeof PROBE_SETTINGS)[number];

export function resolveProbeMode(setting: ProbeSetting, location: EngineLocation): PortProbeMode {
  if (setting === 'host') return 'from-host';
  if (setting === 'engine') return 'from-engine';
  return location === 'local' ? 'from-host' : 'from-engine';
}

/** "host" | "engine": the route in the run report's words. */
export function probeRouteName(mode: PortProbeMode): 'host' | 'engine' {
  return mode === 'from-engine' || mode === 'helper-container' || mode === 'in-container' ? 'engine' : 'host';
}
