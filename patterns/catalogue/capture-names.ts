/**
 * Capture names the planner and reports know how to act on (a `port` to find the holder of,
 * a `service` to wait for, a `table` to recreate, ...). Packs may use others; `patterns check`
 * warns about them so the same thing is not captured under two names.
 */
export const CAPTURE_NAMES = [
  'table',
  'database',
  'schema',
  'host',
  'port',
  'service',
  'path',
  'user',
  'role',
  'container',
  'image',
  'command',
  'file',
  'line_number',
  'column',
  'constraint',
  'connector',
  'status',
  'memory',
  'signal',
  'task',
] as const;

export type CaptureName = (typeof CAPTURE_NAMES)[number];
