/**
 * `kioskctl face compare ID_PHOTO LIVE_PHOTO`: the distance between the faces of two
 * photos (JPEG, PNG or the card reader's BMP) and the decision at the configured
 * threshold. `kioskctl face compare --pairs PAIRS.csv`: the same for every pair of a CSV
 * (`id_photo,live_photo`, paths relative to the CSV), one answer a line, the models
 * loaded once: how a hall calibrates on its own consented photos and audits decisions.
 * Technicians use it to check a camera. The descriptors live only in this process's
 * memory and are overwritten before it exits.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { descriptorDistance, wipe } from '../../face/descriptor';
import type { FaceAnalyser, StillDescription } from '../../face/face-analyser';
import { splitCsvLine } from '../../rules/csv-line';
import { ConfigError, loadConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';
import { ImageFileError, readImageFile } from '../face/image-file';
import { loadNodeFaceAnalyser } from '../face/node-face';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

const NO_FACE: Record<Extract<StillDescription, { ok: false }>['reason'], string> = {
  'no-face': 'no face found',
  'several-faces': 'more than one face; crop the photo to one person',
};

const PAIRS_HEADER = ['id_photo', 'live_photo'];

interface CompareOptions {
  threshold?: string;
  json?: boolean;
  pairs?: string;
}

export function registerFaceCommands(program: Command, io: CliIo): void {
  program
    .command('face')
    .description('face verification')
    .command('compare')
    .description('compare the faces of two photos (exit 0 match, 1 no match, 2 no usable face or unreadable file), or of every pair in --pairs (exit 0 when every pair was answered)')
    .argument('[id-photo]', 'the ID photo, JPEG, PNG or BMP (about 102 x 126 px is fine)')
    .argument('[live-photo]', 'a camera picture, JPEG, PNG or BMP')
    .option('--pairs <csv>', 'a CSV with the header id_photo,live_photo (paths relative to the CSV): one answer a line')
    .option('--threshold <distance>', 'decide at this distance instead of the configured one')
    .option('--json', 'machine-readable output: {"distance","match","threshold"}; with --pairs one {"id_photo","live_photo",...} a line')
    .action(async (idPhoto: string | undefined, livePhoto: string | undefined, options: CompareOptions) => {
      if (options.pairs !== undefined && (idPhoto !== undefined || livePhoto !== undefined)) fail(io, 'give either two photos or --pairs, not both');
      if (options.pairs === undefined && (idPhoto === undefined || livePhoto === undefined)) fail(io, 'give an ID photo and a live photo, or --pairs PAIRS.csv');
      const threshold = options.threshold === undefined ? configuredThreshold(io) : parseThreshold(io, options.threshold);
      if (options.pairs !== undefined) return comparePairs(io, options.pairs, threshold, options.json === true);
      return compareTwo(io, idPhoto!, livePhoto!, threshold, options.json === true);
    });
}

async function compareTwo(io: CliIo, idPhoto: string, livePhoto: string, threshold: number, json: boolean): Promise<void> {
  const images = await Promise.all([idPhoto, livePhoto].map((file) => readImage(io, file)));
  const analyser = await loadNodeFaceAnalyser();
  const described: Float32Array[] = [];
  try {
    for (const [index, file] of [idPhoto, livePhoto].entries()) {
      const result = await analyser.describeStill(images[index]!);
      if (!result.ok) fail(io, `${file}: no usable face: ${NO_FACE[result.reason]}`);
      described.push(result.descriptor);
    }
    const { distance, match } = decide(described[0]!, described[1]!, threshold);
    io.result(json ? { distance, match, threshold } : `distance ${distance.toFixed(4)}, threshold ${threshold}: ${match ? 'match' : 'no match'}`, json);
    if (!match) io.error(`no match: the distance ${distance.toFixed(4)} is above the threshold ${threshold}`);
    io.exit(match ? EXIT.ok : EXIT.negative);
  } finally {
    described.forEach(wipe);
  }
}

/** Every pair answered in order: a photo used in several pairs is described once. */
async function comparePairs(io: CliIo, csv: string, threshold: number, json: boolean): Promise<void> {
  const pairs = await readPairs(io, csv);
  const analyser = await loadNodeFaceAnalyser();
  const described = new Map<string, Promise<Float32Array | string>>();
  const describe = (file: string) => {
    const path = resolve(dirname(csv), file);
    let found = described.get(path);
    if (!found) described.set(path, (found = describePhoto(analyser, path, file)));
    return found;
  };
  try {
    for (const { id_photo, live_photo } of pairs) {
      const [id, live] = [await describe(id_photo), await describe(live_photo)];
      const error = [id, live].find((d): d is string => typeof d === 'string');
      if (error !== undefined) {
        io.result(json ? JSON.stringify({ id_photo, live_photo, error }) : `${id_photo} ${live_photo}: ${error}`);
        continue;
      }
      const { distance, match } = decide(id as Float32Array, live as Float32Array, threshold);
      io.result(json ? JSON.stringify({ id_photo, live_photo, distance, match, threshold }) : `${id_photo} ${live_photo}: distance ${distance.toFixed(4)}, ${match ? 'match' : 'no match'}`);
    }
  } finally {
    for (const d of described.values()) wipe(await d.then((v) => (typeof v === 'string' ? undefined : v)));
  }
  io.exit(EXIT.ok);
}

async function describePhoto(analyser: FaceAnalyser, path: string, shown: string): Promise<Float32Array | string> {
  try {
    const result = await analyser.describeStill(await readImageFile(path));
    return result.ok ? result.descriptor : `${shown}: no usable face: ${NO_FACE[result.reason]}`;
  } catch (error) {
    if (error instanceof ImageFileError) return error.message;
    throw error;
  }
}

function decide(id: Float32Array, live: Float32Array, threshold: number): { distance: number; match: boolean } {
  const distance = descriptorDistance(id, live);
  return { distance: Number(distance.toFixed(4)), match: distance <= threshold };
}

async function readPairs(io: CliIo, csv: string): Promise<{ id_photo: string; live_photo: string }[]> {
  let text: string;
  try {
    text = await readFile(csv, 'utf8');
  } catch (error) {
    fail(io, `${csv}: cannot read: ${(error as Error).message}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '')?.map((f) => f.trim());
  if (header?.join(',') !== PAIRS_HEADER.join(',')) fail(io, `${csv}: the first line must be the header ${PAIRS_HEADER.join(',')}`);
  const pairs: { id_photo: string; live_photo: string }[] = [];
  for (const [index, line] of lines.entries()) {
    if (index === 0 || line.trim() === '') continue;
    const fields = splitCsvLine(line)?.map((f) => f.trim());
    if (fields?.length !== 2 || !fields[0] || !fields[1]) fail(io, `${csv} line ${index + 1}: expected two photo paths, id_photo,live_photo`);
    pairs.push({ id_photo: fields[0], live_photo: fields[1] });
  }
  return pairs;
}

function configuredThreshold(io: CliIo): number {
  try {
    return loadConfig({ userDataDir: defaultUserDataDir() }).config.face.threshold;
  } catch (error) {
    if (error instanceof ConfigError) fail(io, error.message);
    throw error;
  }
}

function parseThreshold(io: CliIo, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value >= 2) fail(io, `--threshold: expected a distance between 0 and 2, got ${JSON.stringify(text)}`);
  return value;
}

async function readImage(io: CliIo, file: string) {
  try {
    return await readImageFile(file);
  } catch (error) {
    if (error instanceof ImageFileError) fail(io, error.message);
    throw error;
  }
}

function fail(io: CliIo, message: string): never {
  io.error(message);
  return io.exit(EXIT.usage);
}
