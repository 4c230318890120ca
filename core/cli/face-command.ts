/**
 * `kioskctl face compare ID_PHOTO LIVE_PHOTO`: the distance between the faces of two
 * photos (JPEG or PNG) and the decision at the configured threshold. Technicians use it
 * to check a camera and to calibrate. The descriptors live only in this process's
 * memory and are overwritten before it exits.
 */
import type { Command } from 'commander';
import { descriptorDistance, wipe } from '../../face/descriptor';
import type { StillDescription } from '../../face/face-analyser';
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

export function registerFaceCommands(program: Command, io: CliIo): void {
  program
    .command('face')
    .description('face verification')
    .command('compare')
    .description('compare the faces of two photos (exit 0 match, 1 no match, 2 no usable face or unreadable file)')
    .argument('<id-photo>', 'the ID photo, JPEG or PNG (about 102 x 126 px is fine)')
    .argument('<live-photo>', 'a camera picture, JPEG or PNG')
    .option('--threshold <distance>', 'decide at this distance instead of the configured one')
    .option('--json', 'machine-readable output: {"distance","match","threshold"}')
    .action(async (idPhoto: string, livePhoto: string, options: { threshold?: string; json?: boolean }) => {
      const threshold = options.threshold === undefined ? configuredThreshold(io) : parseThreshold(io, options.threshold);
      const images = await Promise.all([idPhoto, livePhoto].map((file) => readImage(io, file)));
      const analyser = await loadNodeFaceAnalyser();
      const described: Float32Array[] = [];
      try {
        for (const [index, file] of [idPhoto, livePhoto].entries()) {
          const result = await analyser.describeStill(images[index]!);
          if (!result.ok) fail(io, `${file}: no usable face: ${NO_FACE[result.reason]}`);
          described.push(result.descriptor);
        }
        const distance = descriptorDistance(described[0]!, described[1]!);
        const match = distance <= threshold;
        const shown = Number(distance.toFixed(4));
        io.result(options.json ? { distance: shown, match, threshold } : `distance ${shown.toFixed(4)}, threshold ${threshold}: ${match ? 'match' : 'no match'}`, options.json);
        if (!match) io.error(`no match: the distance ${shown.toFixed(4)} is above the threshold ${threshold}`);
        io.exit(match ? EXIT.ok : EXIT.negative);
      } finally {
        described.forEach(wipe);
      }
    });
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
