/**
 * Reads, merges and validates the configuration. Either the whole configuration is
 * valid and returned, or a ConfigError lists every bad field: the kiosk never starts
 * half-configured.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import { applyOverrides, readEnvOverrides } from './env-overrides';
import { KioskConfig } from './schema';

export interface ConfigProblem {
  /** Dotted path of the field, e.g. devices.thermal.driver */
  field: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
    /** 'invalid' for bad content, 'unreadable' when the file could not be read or parsed. */
    readonly kind: 'invalid' | 'unreadable',
  ) {
    super(`configuration ${source} is ${kind}:\n${problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Explicit file; otherwise $KIOSK_CONFIG, otherwise kiosk.json in the user-data folder if present. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** The shell's user-data folder (Electron's app.getPath('userData'), or the XDG default). */
  userDataDir: string;
}

export interface LoadedConfig {
  config: KioskConfig;
  /** The file that was read, or null when the embedded defaults were used. */
  file: string | null;
  dataDir: string;
  databasePath: string;
}

export function loadConfig(options: LoadOptions): LoadedConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.KIOSK_CONFIG ?? defaultConfigFile(options.userDataDir);
  const fromFile = file ? readConfigFile(file) : {};
  const overrides = readEnvOverrides(env);
  const merged = applyOverrides(fromFile, overrides);
  const source = [file ?? 'embedded defaults', ...overrides.map((o) => o.variable)].join(' + ');
  const config = validateConfig(merged, source);
  const dataDir = resolve(config.dataDir ?? options.userDataDir);
  const databaseFile = config.database.file;
  return {
    config,
    file,
    dataDir,
    databasePath: isAbsolute(databaseFile) ? databaseFile : join(dataDir, databaseFile),
  };
}

export function validateConfig(raw: unknown, source: string): KioskConfig {
  const parsed = KioskConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ConfigError(source, parsed.error.issues.map((issue) => toProblem(issue, raw)), 'invalid');
}

export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [{ field: '(file)', message: `cannot read: ${(error as Error).message}` }], 'unreadable');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(file, [{ field: '(file)', message: `not valid JSON: ${(error as Error).message}` }], 'unreadable');
  }
}

function defaultConfigFile(userDataDir: string): string | null {
  const candidate = join(userDataDir, 'kiosk.json');
  return existsSync(candidate) ? candidate : null;
}

function toProblem(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem {
  const field = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return { field: field === '(top level)' ? keys : `${field}.${issue.keys[0] ?? ''}`, message: `unknown setting ${keys}; check the spelling` };
  }
  const received = valueAt(raw, issue.path);
  if (issue.code === 'invalid_type') {
    return { field, message: received === undefined ? `missing: expected ${issue.expected}` : `expected ${issue.expected}, got ${JSON.stringify(received)}` };
  }
  const suffix = received === undefined ? '' : `, got ${JSON.stringify(received)}`;
  return { field, message: `${issue.message}${suffix}` };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return typeof node === 'object' ? undefined : node;
}
