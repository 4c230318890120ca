import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layerBoundaries from './eslint/layer-boundaries.js';

const UI_AND_SHELL = ['electron', 'react', 'react-dom'];
const IO_PACKAGES = ['better-sqlite3', 'serialport', '@serialport/bindings-cpp', 'ws', 'pino', 'pdfkit', ...UI_AND_SHELL];

/** Who may import whom. Tests, scripts and benchmarks may use every layer. */
export const LAYERS = {
  rules: { may: ['rules'], forbidBuiltins: true, forbidPackages: IO_PACKAGES },
  hardware: { may: ['hardware', 'rules'], forbidPackages: UI_AND_SHELL },
  // Face verification: the same code runs in the renderer and under Node (CLI, tests, benchmarks).
  face: { may: ['face'], forbidBuiltins: true, forbidPackages: [...IO_PACKAGES] },
  core: { may: ['core', 'hardware', 'rules', 'face', 'protocol'], forbidPackages: UI_AND_SHELL },
  electron: { may: ['electron', 'core', 'hardware', 'rules'], forbidPackages: ['react', 'react-dom'] },
  // The kiosk ↔ centre messages: imported by both sides, so it holds schemas and signing only
  // (with the pure rules they check, e.g. a credit code's check character).
  protocol: { may: ['protocol', 'rules'], forbidPackages: IO_PACKAGES },
  // The city's centre service: a Node server on PostgreSQL, never near a kiosk's devices or UI.
  centre: { may: ['centre', 'rules', 'protocol'], forbidPackages: [...UI_AND_SHELL, 'serialport', '@serialport/bindings-cpp', 'better-sqlite3', 'pdfkit'] },
  renderer: { may: ['renderer', 'face'], typeOnly: ['core/contract'], forbidBuiltins: true, forbidPackages: ['electron', ...IO_PACKAGES.filter((p) => !['react', 'react-dom'].includes(p))] },
  // The centre's web app runs in the browser: it talks to the centre over HTTP only, sharing the protocol's schemas.
  'centre/web': { may: ['centre/web', 'protocol'], forbidBuiltins: true, forbidPackages: ['electron', ...IO_PACKAGES.filter((p) => !['react', 'react-dom'].includes(p))] },
};

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { local: { rules: { 'layer-boundaries': layerBoundaries } } },
    rules: {
      'local/layer-boundaries': ['error', { layers: LAYERS }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The pure domain reads no clock, environment or network of its own.
    files: ['rules/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', 'process', 'fetch', 'require', 'XMLHttpRequest', 'WebSocket', 'localStorage'],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'pass the date in: rules are pure' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'pass the date in: rules are pure' }, { object: 'Math', property: 'random', message: 'pass randomness in: rules are deterministic' }],
    },
  },
  { files: ['renderer/**/*.{ts,tsx}', 'centre/web/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  // The renderer's build configuration runs in Node at build time, not in the renderer.
  { files: ['renderer/vite.config.ts', 'centre/web/vite.config.ts'], rules: { 'local/layer-boundaries': 'off' } },
  { files: ['scripts/**', 'bench/**', 'test/**', 'bin/**'], rules: { 'no-console': 'off' } },
  { files: ['bin/**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
