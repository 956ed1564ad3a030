/**
 * The signals whose death (exit code 128 + n) says the program crashed or was killed, by number
 * as on Linux; SIGTERM, SIGINT and SIGHUP are left out: they are how a process is asked to stop.
 */
export const FATAL_SIGNALS: Readonly<Record<number, string>> = {
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  31: 'SIGSYS',
};
