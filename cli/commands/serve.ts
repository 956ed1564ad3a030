/**
 * `etl-cycle serve [--host 127.0.0.1] [--port 8787] [--token-file F] [--schedule CRON]`: one long-running process
 * answering health probes, Prometheus scrapes and the REST API over the run history, with a
 * web page at /. The implementation is in cli/actions/serve.ts, loaded only when it runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface ServeArgs extends GlobalArgs {
  host: string;
  port: number;
  tokenFile?: string;
  schedule?: string;
  timezone?: string;
}

export const serveCommand: CommandModule<GlobalArgs, ServeArgs> = {
  command: 'serve',
  describe: 'Serve health (/health), Prometheus metrics (/metrics), the REST API (/api) and a web page (/) for the project',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('host', {
        type: 'string',
        default: '127.0.0.1',
        describe: 'Address to listen on; any other than the loopback needs a token (ETL_CYCLE_TOKEN or --token-file)',
      })
      .option('port', { type: 'number', default: 8787, describe: 'Port to listen on (0: any free port)' })
      .option('token-file', {
        type: 'string',
        describe: 'File holding the API token (else ETL_CYCLE_TOKEN); required on every route but /health*, /metrics',
      })
      .option('schedule', {
        type: 'string',
        describe: 'Also run the stack on this cron expression, e.g. "0 2 * * *" (default: schedule.cron of etl-cycle.yaml)',
      })
      .option('timezone', {
        type: 'string',
        describe: 'Time zone of the schedule, e.g. Europe/Berlin (default: schedule.timezone, else the local one)',
      }) as unknown as Argv<ServeArgs>,
  handler: async (args: ArgumentsCamelCase<ServeArgs>) => {
    const { serve } = await import('../actions/serve.js');
    process.exitCode = await serve(args);
  },
};
