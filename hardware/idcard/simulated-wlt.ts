/**
 * Photos in simulation. The emulator cannot make real WLT, so it puts a small token in
 * the card's 1024 photo bytes: an ASCII magic followed by the ID number. The simulated
 * decoder reads the number back and hands over that person's JPEG, PNG or BMP photo.
 */
import { readFile } from 'node:fs/promises';
import { DeviceError } from '../device';
import { WLT_PHOTO_BYTES } from './read-response';
import type { DecodedPhoto, WltDecoder } from './wlt-decoder';

const MAGIC = 'SIMWLT1:';
const ascii = new TextDecoder('ascii');

/** The 1024 photo bytes the emulator puts on a simulated card. */
export function simulatedWlt(idNumber: string): Uint8Array {
  const token = `${MAGIC}${idNumber}`;
  if (token.length >= WLT_PHOTO_BYTES) throw new RangeError('simulated WLT token too long');
  const wlt = new Uint8Array(WLT_PHOTO_BYTES);
  for (let i = 0; i < token.length; i++) wlt[i] = token.charCodeAt(i) & 0x7f;
  return wlt;
}

/** The ID number in a simulated WLT, or undefined for anything else (e.g. a real card's photo). */
export function idNumberInSimulatedWlt(wlt: Uint8Array): string | undefined {
  if (ascii.decode(wlt.subarray(0, MAGIC.length)) !== MAGIC) return undefined;
  const end = wlt.indexOf(0, MAGIC.length);
  const idNumber = ascii.decode(wlt.subarray(MAGIC.length, end < 0 ? wlt.length : end));
  return idNumber || undefined;
}

function sniffImageMime(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'image/bmp';
  return undefined;
}

async function readPhotoFile(path: string): Promise<DecodedPhoto> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new DeviceError('decoder-missing', `simulated ID photo ${path} cannot be read: ${(error as Error).message}`);
  }
  const mime = sniffImageMime(bytes);
  if (!mime) throw new DeviceError('decoder-missing', `simulated ID photo ${path} is not a JPEG, PNG or BMP`);
  return { mime, bytes };
}

/** Photo file paths by ID number, or a function that finds the photo for an ID number. */
export type SimulatedPhotoSource =
  | Readonly<Record<string, string>>
  | ((idNumber: string) => DecodedPhoto | Promise<DecodedPhoto>);

export function simulatedWltDecoder(photos: SimulatedPhotoSource): WltDecoder {
  const photoFor = async (idNumber: string): Promise<DecodedPhoto> => {
    if (typeof photos === 'function') return photos(idNumber);
    const path = photos[idNumber];
    if (!path) throw new DeviceError('decoder-missing', `no simulated ID photo for card ${idNumber.slice(0, 6)}…`);
    return readPhotoFile(path);
  };
  return {
    async decode(wlt) {
      const idNumber = idNumberInSimulatedWlt(wlt);
      if (!idNumber) {
        throw new DeviceError('decoder-missing', 'this photo is real WLT: the simulated decoder cannot decode it, configure the vendor decoder');
      }
      return photoFor(idNumber);
    },
  };
}
