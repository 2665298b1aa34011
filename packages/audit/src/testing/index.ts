// `@periscol/audit/testing`: run `periscol-audit` in-process with its output captured.
export { cli } from './cli-harness';
export type { CliRun, CliRunOptions } from './cli-harness';
