#!/usr/bin/env node
/** `periscol-audit` (`node packages/audit/dist/cli.js`, `npm run audit --`). See README.md. */
import { runCli } from './cli/run-cli';

// Progress bars redraw one line with \r: on a terminal only, never into a file or a pipe.
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), progress: process.stderr.isTTY === true }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
