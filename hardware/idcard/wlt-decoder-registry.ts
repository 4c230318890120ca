/**
 * The WLT photo decoders installed with the app. A decoder receives every applicant's ID
 * photo, so the configuration (devices.idcard.wltDecoder, also edited from maintenance)
 * chooses one by name and never gives a path: the app's installer puts each decoder in
 * plugins/wlt-decoders/ in the app folder as NAME.js, NAME.cjs or NAME.mjs, out of reach
 * of the kiosk's own user and of the maintenance screen.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, parse } from 'node:path';
import { DeviceError } from '../device';
import { loadWltDecoder, type WltDecoder } from './wlt-decoder';

/** Under the app folder. */
export const WLT_DECODERS_FOLDER = join('plugins', 'wlt-decoders');

/** Lower-case words joined by hyphens: a name cannot reach outside the folder. */
export const WLT_DECODER_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const EXTENSIONS = ['.js', '.cjs', '.mjs'];

/** The names of the decoders installed in `folder`, sorted. */
export function installedWltDecoders(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((file) => parse(file))
    .filter((file) => EXTENSIONS.includes(file.ext) && WLT_DECODER_NAME.test(file.name))
    .map((file) => file.name)
    .sort();
}

export async function loadInstalledWltDecoder(folder: string, name: string): Promise<WltDecoder> {
  const file = WLT_DECODER_NAME.test(name) ? EXTENSIONS.map((ext) => join(folder, `${name}${ext}`)).find((path) => existsSync(path)) : undefined;
  if (!file) {
    const installed = installedWltDecoders(folder);
    throw new DeviceError('decoder-missing', `no WLT photo decoder named "${name}" is installed with the app (in ${folder}: ${installed.join(', ') || 'none'})`);
  }
  return loadWltDecoder(file);
}
