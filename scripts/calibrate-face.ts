/**
 * Calibrates the face-match threshold on real photos, as the kiosk meets them:
 *   node --import tsx scripts/calibrate-face.ts [DIR] [--supplement] [--pairs-dir OUT] [--json]
 * DIR (default ../shared/data/faces-dev, or $FACES_DEV_DIR) holds one folder per person
 * with photos from different occasions. Each photo becomes an ID photo (cut around the
 * face like an ID photo, 102 x 126 px, written and read back as the reader's 24-bit BMP)
 * and a 640 x 480 camera frame. A genuine pair is the ID photo of one photo against the
 * frame of ANOTHER photo of the same person; an impostor pair, against any frame of
 * someone else. Prints both distributions with their pair counts, the error rates at
 * candidate thresholds, and the threshold the written rule of face/calibration.ts
 * (chooseThresholdByRule) gives. --pairs-dir writes the photos and a pairs CSV for
 * `kioskctl face compare --pairs`. --supplement adds the old augmented set (copies of
 * one photo per person, test/support/face-samples.ts), reported apart: it is no basis for
 * the threshold, its genuine pairs are far closer than real ones.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeImage, readImageFile } from '../core/face/image-file';
import { loadNodeFaceAnalyser } from '../core/face/node-face';
import { chooseThresholdByRule, describeDistribution, errorRates, histogram, type Distribution, type ErrorRates } from '../face/calibration';
import { descriptorDistance } from '../face/descriptor';
import type { PixelBuffer } from '../face/face-image';
import { DEFAULT_FACE_SETTINGS } from '../face/settings';
import { encodeBmp24 } from '../test/support/bmp-writer';
import { ensureSampleSet } from '../test/support/face-samples';
import { FACES_DEV_DIR, frameRealPhoto, realPeople } from '../test/support/faces-dev';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    supplement: { type: 'boolean', default: false },
    'pairs-dir': { type: 'string' },
  },
});
const dir = resolve(positionals[0] ?? FACES_DEV_DIR);
const started = performance.now();
const analyser = await loadNodeFaceAnalyser();
const unusable: string[] = [];

interface Described {
  person: string;
  /** The source photo, relative to DIR. */
  photo: string;
  descriptor: Float32Array;
}

async function describe(label: string, pixels: PixelBuffer): Promise<Float32Array | undefined> {
  const result = await analyser.describeStill(pixels);
  if (result.ok) return result.descriptor;
  unusable.push(`${label} (${result.reason})`);
  return undefined;
}

const pairsDir = values['pairs-dir'] ? resolve(values['pairs-dir']) : undefined;
const idPhotos: Described[] = [];
const liveFrames: Described[] = [];
for (const person of realPeople(dir)) {
  for (const file of person.photos) {
    const photo = relative(dir, file);
    const bmp = encodeBmp24(await frameRealPhoto(file, { kind: 'id' }));
    const live = await frameRealPhoto(file, { kind: 'live' });
    if (pairsDir) {
      mkdirSync(join(pairsDir, person.id), { recursive: true });
      writeFileSync(join(pairsDir, person.id, `id-${basename(file).replace(/\.\w+$/, '')}.bmp`), bmp);
      writeFileSync(join(pairsDir, person.id, `live-${basename(file).replace(/\.\w+$/, '')}.bmp`), encodeBmp24(live));
    }
    // The ID side goes through the kiosk's own BMP decoding.
    const id = await describe(`ID photo of ${photo}`, decodeImage(bmp, `${photo}.bmp`));
    if (id) idPhotos.push({ person: person.id, photo, descriptor: id });
    const frame = await describe(`camera frame of ${photo}`, live);
    if (frame) liveFrames.push({ person: person.id, photo, descriptor: frame });
  }
}

interface Pair {
  distance: number;
  id: Described;
  live: Described;
}
const genuinePairs: Pair[] = [];
const impostorPairs: Pair[] = [];
for (const id of idPhotos) {
  for (const live of liveFrames) {
    if (id.photo === live.photo) continue; // the same occasion is no test of recognition
    const pair = { distance: descriptorDistance(id.descriptor, live.descriptor), id, live };
    (id.person === live.person ? genuinePairs : impostorPairs).push(pair);
  }
}
if (pairsDir) {
  const name = (side: 'id' | 'live', d: Described) => `${d.person}/${side}-${basename(d.photo).replace(/\.\w+$/, '')}.bmp`;
  const rows = [...genuinePairs, ...impostorPairs].map((p) => `${name('id', p.id)},${name('live', p.live)}`);
  writeFileSync(join(pairsDir, 'pairs.csv'), ['id_photo,live_photo', ...rows].join('\n') + '\n');
}

const genuine = genuinePairs.map((p) => p.distance);
const impostor = impostorPairs.map((p) => p.distance);
const rule = chooseThresholdByRule(genuine, impostor);
const candidates = [0.45, 0.5, 0.55, 0.6, 0.65].map((t) => errorRates(genuine, impostor, t));
const atDefault = errorRates(genuine, impostor, DEFAULT_FACE_SETTINGS.threshold);
const closestImpostors = [...impostorPairs].sort((a, b) => a.distance - b.distance).slice(0, 5);
const farthestGenuine = [...genuinePairs].sort((a, b) => b.distance - a.distance).slice(0, 5);
const supplement = values.supplement ? await augmentedSupplement() : undefined;
const seconds = (performance.now() - started) / 1000;

if (values.json) {
  console.log(
    JSON.stringify(
      {
        dir,
        idPhotos: idPhotos.length,
        liveFrames: liveFrames.length,
        unusable,
        genuine: describeDistribution(genuine),
        impostor: describeDistribution(impostor),
        rule,
        candidates,
        atDefault,
        supplement,
      },
      null,
      2,
    ),
  );
} else {
  console.log(`face calibration on real photos in ${dir}`);
  console.log(`${idPhotos.length} ID photos (102 x 126 BMP), ${liveFrames.length} camera frames (640 x 480) described in ${seconds.toFixed(1)} s`);
  console.log(unusable.length ? `no usable face in ${unusable.length}: ${unusable.join(', ')}` : 'a usable face in every picture');
  printDistributions(genuine, impostor);
  console.log('\nthreshold   false accepts          FAR   false rejects        FRR');
  const rows = new Map([...candidates, atDefault, rule.chosen].map((r) => [r.threshold, r]));
  for (const r of [...rows.values()].sort((a, b) => a.threshold - b.threshold)) console.log(ratesLine(r, mark(r.threshold)));
  console.log('\nthe rule (face/calibration.ts, chooseThresholdByRule):');
  console.log(`  lowest impostor distance ${rule.lowestImpostor.toFixed(3)}; most lenient threshold with no false accept ${rule.zeroFalseAccept.toFixed(3)}`);
  console.log(`  impostor lower tail: normal fit mean ${rule.impostorMean.toFixed(3)}, sd ${rule.impostorSd.toFixed(3)}; 1-in-${rule.tailOdds} impostor distance ${rule.tailDistance.toFixed(3)}`);
  console.log(`  safety margin ${rule.margin.toFixed(3)} below the lowest impostor; ceiling ${rule.ceiling} (domain)`);
  console.log(`  → threshold ${rule.chosen.threshold.toFixed(3)}: FAR ${rate(rule.chosen.falseAccepts, rule.chosen.impostorPairs)}, FRR ${rate(rule.chosen.falseRejects, rule.chosen.genuinePairs)}`);
  console.log('closest impostor pairs (ID photo vs camera frame):');
  for (const p of closestImpostors) console.log(`  ${p.distance.toFixed(3)}  ${p.id.photo} vs ${p.live.photo}`);
  console.log('farthest genuine pairs:');
  for (const p of farthestGenuine) console.log(`  ${p.distance.toFixed(3)}  ${p.id.photo} vs ${p.live.photo}`);
  if (supplement) {
    console.log('\nSUPPLEMENT, not a basis for the threshold: augmented copies of one photo per person (test/support/face-samples.ts)');
    printDistributions(supplement.genuine, supplement.impostor);
    console.log(ratesLine(errorRates(supplement.genuine, supplement.impostor, rule.chosen.threshold), '  ← the rule\'s threshold'));
  }
}

/** The old calibration set: transformations of one photo per person; genuine pairs here are nearly the same picture. */
async function augmentedSupplement(): Promise<{ genuine: number[]; impostor: number[] }> {
  const set = await ensureSampleSet('all');
  const described: { person: string; kind: 'id' | 'live'; descriptor: Float32Array }[] = [];
  for (const person of set.people) {
    for (const [kind, files] of [['id', person.idPhotos], ['live', person.liveFrames]] as const) {
      for (const file of files) {
        const descriptor = await describe(`supplement ${relative(set.dir, file)}`, await readImageFile(file));
        if (descriptor) described.push({ person: person.id, kind, descriptor });
      }
    }
  }
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (const id of described.filter((d) => d.kind === 'id')) {
    for (const live of described.filter((d) => d.kind === 'live')) {
      (id.person === live.person ? genuine : impostor).push(descriptorDistance(id.descriptor, live.descriptor));
    }
  }
  return { genuine, impostor };
}

function printDistributions(genuine: number[], impostor: number[]): void {
  console.log(`\ndistance         ${'pairs'.padStart(6)}    min     p5    p25 median    p75    p95    max`);
  console.log(distributionLine('genuine pairs', describeDistribution(genuine)));
  console.log(distributionLine('impostor pairs', describeDistribution(impostor)));
  console.log('histogram (bin start: genuine | impostor)');
  const width = 0.05;
  const g = new Map(histogram(genuine, width).map((b) => [b.from, b.count]));
  const i = new Map(histogram(impostor, width).map((b) => [b.from, b.count]));
  for (const from of [...new Set([...g.keys(), ...i.keys()])].sort((a, b) => a - b)) {
    const gc = g.get(from) ?? 0;
    const ic = i.get(from) ?? 0;
    console.log(`  ${from.toFixed(2)}  ${String(gc).padStart(5)} ${bar(gc, genuine.length)} | ${String(ic).padStart(5)} ${bar(ic, impostor.length)}`);
  }
}

function distributionLine(label: string, d: Distribution): string {
  const cells = [d.min, d.p5, d.p25, d.median, d.p75, d.p95, d.max].map((v) => v.toFixed(3).padStart(6));
  return `${label.padEnd(16)} ${String(d.count).padStart(6)} ${cells.join(' ')}`;
}

function mark(threshold: number): string {
  const marks = [threshold === rule.chosen.threshold ? 'the rule' : '', threshold === atDefault.threshold ? 'current default' : ''].filter(Boolean);
  return marks.length ? `  ← ${marks.join(', ')}` : '';
}

function ratesLine(r: ErrorRates, note: string): string {
  return `${r.threshold.toFixed(3).padStart(9)}   ${`${r.falseAccepts}/${r.impostorPairs}`.padStart(13)} ${percent(r.far).padStart(10)}   ${`${r.falseRejects}/${r.genuinePairs}`.padStart(13)} ${percent(r.frr).padStart(10)}${note}`;
}

function rate(count: number, of: number): string {
  return `${count}/${of} (${percent(of ? count / of : 0)})`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}

function bar(count: number, total: number): string {
  return '#'.repeat(Math.round((40 * count) / Math.max(1, total))).padEnd(40);
}
