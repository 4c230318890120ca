/**
 * Where the address files are. The built sample ships in dist/data; the street list ships
 * with the app as assets/data/shenzhen-streets.csv (a copy of the street list in ../shared/data). Both can be set in the
 * configuration (addresses.database, addresses.streets); relative paths there are in dataDir.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { KioskConfig } from '../config/schema';
import { APP_NAME } from '../version';

export interface AddressPaths {
  database: string;
  streets: string;
  /** True when no database is configured and the built sample is used. */
  usingSample: boolean;
}

export function sampleDatabasePath(appRoot: string): string {
  return outsideAsar(join(appRoot, 'dist', 'data', 'addresses-sample.sqlite'));
}

/**
 * SQLite opens real files only: in a packaged app the database is unpacked beside the
 * archive (electron-builder.yml, asarUnpack), so a path into app.asar is redirected there.
 */
export function outsideAsar(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}

export function shippedStreetListPath(appRoot: string): string {
  return join(appRoot, 'assets', 'data', 'shenzhen-streets.csv');
}

export function resolveAddressPaths(settings: KioskConfig['addresses'], dataDir: string, appRoot: string = findAppRoot()): AddressPaths {
  const inDataDir = (file: string): string => (isAbsolute(file) ? file : join(dataDir, file));
  return {
    database: settings.database ? inDataDir(settings.database) : sampleDatabasePath(appRoot),
    streets: settings.streets ? inDataDir(settings.streets) : shippedStreetListPath(appRoot),
    usingSample: !settings.database,
  };
}

/**
 * The folder of the app's package.json, searched upward from this module: dist/cli or
 * dist/core once bundled, core/address under the tests. Outside CommonJS (tsx scripts)
 * the search starts in the working folder.
 */
export function findAppRoot(start: string = typeof __dirname === 'string' ? __dirname : process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (isAppFolder(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the ${APP_NAME} folder above ${start}`);
  }
}

function isAppFolder(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === APP_NAME;
  } catch {
    return false;
  }
}
