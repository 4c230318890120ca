// The esbuild bundles of the Node side (browser host, kioskctl, Electron main and preload),
// shared by scripts/build.mjs and the test that checks their imports against package.json.
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  define: { __APP_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

export const NODE_BUNDLES = [
  {
    ...common,
    entryPoints: {
      'core/browser-host': './core/host/main.ts',
      'cli/kioskctl': './core/cli/kioskctl.ts',
      'electron/main': './electron/main.ts',
    },
    // Dependencies stay in node_modules (native addons included), so each must be a production dependency.
    packages: 'external',
  },
  // A sandboxed preload can require nothing but electron itself: bundle the rest in.
  { ...common, entryPoints: { 'electron/preload': './electron/preload.ts' }, external: ['electron'] },
];

/** Packages the runtime provides rather than node_modules: Electron's main and preload get `electron` from the shell. */
export const RUNTIME_PROVIDED = ['electron'];
