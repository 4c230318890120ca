/**
 * The ID photo comes off the card as WLT, which only the reader vendor's closed library
 * decodes. That library is a plug-in: a JS module at a configured path exporting
 * `decode(wlt)` (directly or on its default export).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeviceError } from '../device';

export { simulatedWltDecoder, simulatedWlt } from './simulated-wlt';

export interface DecodedPhoto {
  /** 'image/bmp' from vendor libraries; 'image/jpeg' or 'image/png' in simulation. */
  readonly mime: string;
  readonly bytes: Uint8Array;
}

export interface WltDecoder {
  decode(wlt: Uint8Array): Promise<DecodedPhoto>;
}

type DecodeFunction = (wlt: Uint8Array) => unknown;

const missing = (message: string) => new DeviceError('decoder-missing', message);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function findDecode(module: unknown): DecodeFunction | undefined {
  const candidates = [module, (module as { default?: unknown } | null)?.default];
  for (const candidate of candidates) {
    const decode = (candidate as { decode?: unknown } | null | undefined)?.decode;
    if (typeof decode === 'function') return decode.bind(candidate) as DecodeFunction;
  }
  return undefined;
}

function isDecodedPhoto(value: unknown): value is DecodedPhoto {
  const photo = value as Partial<DecodedPhoto> | null | undefined;
  return typeof photo?.mime === 'string' && photo.bytes instanceof Uint8Array && photo.bytes.length > 0;
}

/** Guards the vendor's function: its failures become DeviceErrors the status model knows. */
function wrapVendorDecode(decode: DecodeFunction, source: string): WltDecoder {
  return {
    async decode(wlt) {
      let photo: unknown;
      try {
        photo = await decode(wlt);
      } catch (error) {
        throw new DeviceError('protocol-error', `WLT photo decoder ${source} failed: ${messageOf(error)}`);
      }
      if (!isDecodedPhoto(photo)) {
        throw new DeviceError('protocol-error', `WLT photo decoder ${source} returned no { mime, bytes } photo`);
      }
      return { mime: photo.mime, bytes: photo.bytes };
    },
  };
}

export async function loadWltDecoder(path: string | undefined): Promise<WltDecoder> {
  if (!path?.trim()) {
    throw missing('no WLT photo decoder configured: set the path of the reader vendor\'s decoder module');
  }
  const file = resolve(path);
  const found = await stat(file).then((info) => info.isFile(), () => false);
  if (!found) throw missing(`WLT photo decoder not found at ${file}`);

  let module: unknown;
  try {
    module = await import(/* @vite-ignore */ pathToFileURL(file).href);
  } catch (error) {
    throw missing(`WLT photo decoder at ${file} failed to load: ${messageOf(error)}`);
  }
  const decode = findDecode(module);
  if (!decode) {
    throw missing(`WLT photo decoder at ${file} exports no decode function (expected \`decode\` or a default export with \`decode\`)`);
  }
  return wrapVendorDecode(decode, file);
}
