/** One line of `etl-cycle doctor`: ✓ fine, ! worth knowing, ✗ blocks a run. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  status: CheckStatus;
  /** What was checked: "engine", "image etl-cycle/postgres:15", "port 15432". */
  name: string;
  detail: string;
}

export const ok = (name: string, detail: string): CheckResult => ({ status: 'ok', name, detail });
export const warn = (name: string, detail: string): CheckResult => ({ status: 'warn', name, detail });
export const fail = (name: string, detail: string): CheckResult => ({ status: 'fail', name, detail });
