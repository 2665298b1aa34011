#!/usr/bin/env node
/** `periscol-audit` (`node packages/audit/dist/cli.js`, `npm run audit --`). See README.md. */
import { runCli } from './cli/run-cli';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
