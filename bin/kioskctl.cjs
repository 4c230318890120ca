#!/usr/bin/env node
'use strict';
// The technicians' command line; the code is built into dist/ by `npm run build` (run by npm ci).
let cli;
try {
  cli = require('../dist/cli/kioskctl.cjs');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/kioskctl')) {
    process.stderr.write('kioskctl: not built yet; run `npm run build`\n');
    process.exit(2);
  }
  throw error;
}
cli.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
