/**
 * One complete face verification in its own process, for the privacy test: the ID
 * photo and the live frames come as file arguments, everything is logged at the most
 * verbose level (biometric fields passed on purpose, under keys the logger does not
 * know by name and nested deep), and the outcome is printed last.
 *   node --import tsx test/support/face-verification-child.ts ID_PHOTO LIVE_FRAME...
 */
import { readImageFile } from '../../core/face/image-file';
import { loadNodeFaceAnalyser } from '../../core/face/node-face';
import { createLogger } from '../../core/log';
import { DEFAULT_FACE_SETTINGS } from '../../face/settings';
import { FaceVerification } from '../../face/verification';

const [idPhotoFile, ...liveFiles] = process.argv.slice(2);
if (!idPhotoFile || liveFiles.length === 0) throw new Error('usage: face-verification-child ID_PHOTO LIVE_FRAME...');
const logger = createLogger('trace', process.stdout);

const analyser = await loadNodeFaceAnalyser();
const idPhoto = await readImageFile(idPhotoFile);
const described = await analyser.describeStill(idPhoto);
if (!described.ok) throw new Error(`ID photo: ${described.reason}`);
logger.debug({ card: { holder: { idPhoto, faceDescriptor: Array.from(described.descriptor) } }, vector: described.descriptor, box: described.box }, 'ID photo described');

const idDescriptor = described.descriptor;
const verification = new FaceVerification(idDescriptor, { ...DEFAULT_FACE_SETTINGS, goodFramesRequired: liveFiles.length });
for (const file of liveFiles) {
  const frame = await analyser.analyseFrame(await readImageFile(file));
  logger.debug({ attempt: { camera: { step: { liveFrame: frame, liveDescriptor: frame.descriptor } } }, face: frame.face, reasons: frame.reasons }, 'live frame analysed');
  const state = verification.offer(frame);
  logger.info({ phase: state.phase, decision: 'decision' in state ? state.decision : undefined }, 'verification state');
}
const final = verification.state;
verification.dispose();
logger.info({ wiped: idDescriptor.every((v) => v === 0) }, 'verification disposed');
process.stdout.write(`RESULT ${JSON.stringify({ phase: final.phase, wiped: idDescriptor.every((v) => v === 0) })}\n`);
