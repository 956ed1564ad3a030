/**
 * The CI files `etl-cycle init --ci github|gitlab` writes: a complete job that runs etl-cycle on
 * the project, publishes a JUnit report, and keeps the logs folder when the run fails.
 */

export interface CiTemplateInput {
  /** etl-cycle.yaml relative to the repository root ('etl-cycle.yaml' at the top). */
  configPath: string;
  /** The logs folder relative to the repository root. */
  logsPath: string;
  /** `owner/repo@ref` of etl-cycle's GitHub Action. */
  actionRef: string;
  /** Steps that install what the orchestrator needs (npm ci, pip install ...). */
  installCommands: string[];
}

export const JUNIT_FILE = 'etl-cycle-junit.xml';

/**
 * The start of the one job of etl-cycle's GitHub workflows (this file's and `schedule`'s): the
 * checkout and Node 20 that the Action's steps that follow need.
 */
export function githubJobStart(timeoutMinutes: number): string {
  return `jobs:
  etl-cycle:
    name: the ETL stack comes up green
    runs-on: ubuntu-latest
    timeout-minutes: ${timeoutMinutes}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
`;
}

export function githubWorkflow(input: CiTemplateInput): string {
  const install = input.installCommands.map((command) => `      - run: ${command}\n`).join('');
  return `# etl-cycle on GitHub Actions, written by \`etl-cycle init --ci github\`: the ETL stack must come
# up green on every push to main and every pull request. The step sets outputs (success,
# stop-reason, iterations, execution-id, report-path, class), a job summary and annotations.
name: etl-cycle

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

${githubJobStart(60)}${install}      - id: etl-cycle
        uses: ${input.actionRef}
        with:
          config: ${input.configPath}
          args: --junit ${JUNIT_FILE}
      - name: Upload the etl-cycle logs
        if: failure()
        uses: actions/upload-artifact@v4
        with:
          name: etl-cycle-logs
          path: |
            ${input.logsPath}/
            ${JUNIT_FILE}
          if-no-files-found: ignore
`;
}

export function gitlabJob(input: CiTemplateInput): string {
  const install = input.installCommands.length
    ? `  before_script:\n${input.installCommands.map((command) => `    - ${command}\n`).join('')}`
    : '';
  return `# etl-cycle on GitLab CI, written by \`etl-cycle init --ci gitlab\`. The job talks to a
# Docker-in-Docker service: the stack's published ports are on the host \`docker\`, so point
# your ETL at it (e.g. DB_HOST: docker in orchestrator.env). Iterations are collapsible
# sections in the job log; the JUnit report shows in the pipeline's Tests tab.
etl-cycle:
  image: node:20-bookworm
  services:
    - name: docker:27-dind
      alias: docker
  variables:
    DOCKER_HOST: tcp://docker:2375
    DOCKER_TLS_CERTDIR: ""
${install}  script:
    # etl-cycle from your devDependencies, or fetched by npx.
    - npx --yes etl-cycle run --config ${input.configPath} --junit ${JUNIT_FILE}
  artifacts:
    when: always
    expire_in: 1 week
    reports:
      junit: ${JUNIT_FILE}
    paths:
      - ${input.logsPath}/
`;
}
