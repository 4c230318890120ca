import { join } from 'node:path';
import { defaultShellPaths, startKioskShell } from './shell';

// Bundled to dist/electron/main.cjs, so dist/ is one folder up.
startKioskShell(defaultShellPaths(join(__dirname, '..')));
