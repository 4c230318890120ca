/**
 * Calibrates the face-match threshold on a labelled set of pairs:
 *   node --import tsx scripts/calibrate-face.ts [DIR] [--max-far 0.001] [--json]
 * DIR holds one folder per person with id-*.{jpg,png} (ID photos) and live-*.{jpg,png}
 * (camera pictures). Every ID photo is paired with every live picture: a genuine pair
 * when both are of the same person, an impostor pair otherwise. Without DIR the sample
 * set of test/support/face-samples.ts is built (in build/face-samples/all) and used.
 * Prints the genuine and impostor distance distributions, the false-accept and
 * false-reject rates at candidate thresholds, and the most lenient threshold whose
 * false-accept rate is within --max-far.
 */
import { basename, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readImageFile } from '../core/face/image-file';
import { loadNodeFaceAnalyser } from '../core/face/node-face';
import { chooseThreshold, describeDistribution, errorRates, histogram, type Distribution } from '../face/calibration';
import { descriptorDistance } from '../face/descriptor';
import { DEFAULT_FACE_SETTINGS } from '../face/settings';
import { ensureSampleSet, readSampleSet } from '../test/support/face-samples';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'max-far': { type: 'string', default: '0.001' }, json: { type: 'boolean', default: false } },
});
const maxFar = Number(values['max-far']);
if (!(maxFar >= 0 && maxFar < 1)) {
  console.error(`calibrate-face: --max-far expects a rate such as 0.001, got ${values['max-far']}`);
  process.exit(2);
}
const set = positionals[0] ? readSampleSet(resolve(positionals[0])) : await ensureSampleSet('all');
if (!set) {
  console.error(`calibrate-face: ${positionals[0]} holds no <person>/id-*.jpg or live-*.jpg pictures`);
  process.exit(2);
}

const started = performance.now();
const analyser = await loadNodeFaceAnalyser();
const unusable: string[] = [];
async function describe(file: string): Promise<Float32Array | undefined> {
  const result = await analyser.describeStill(await readImageFile(file));
  if (result.ok) return result.descriptor;
  unusable.push(`${relative(set!.dir, file)} (${result.reason})`);
  return undefined;
}

interface Described {
  person: string;
  file: string;
  descriptor: Float32Array;
}
const idPhotos: Described[] = [];
const liveFrames: Described[] = [];
for (const person of set.people) {
  for (const file of person.idPhotos) {
    const descriptor = await describe(file);
    if (descriptor) idPhotos.push({ person: person.id, file, descriptor });
  }
  for (const file of person.liveFrames) {
    const descriptor = await describe(file);
    if (descriptor) liveFrames.push({ person: person.id, file, descriptor });
  }
}

const genuine: number[] = [];
const impostor: { distance: number; id: Described; live: Described }[] = [];
for (const id of idPhotos) {
  for (const live of liveFrames) {
    const distance = descriptorDistance(id.descriptor, live.descriptor);
    if (id.person === live.person) genuine.push(distance);
    else impostor.push({ distance, id, live });
  }
}
const impostorDistances = impostor.map((p) => p.distance);
const chosen = chooseThreshold(genuine, impostorDistances, maxFar);
const candidates = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6].map((t) => errorRates(genuine, impostorDistances, t));
const atDefault = errorRates(genuine, impostorDistances, DEFAULT_FACE_SETTINGS.threshold);
const closest = [...impostor].sort((a, b) => a.distance - b.distance).slice(0, 5);
const seconds = (performance.now() - started) / 1000;

if (values.json) {
  console.log(
    JSON.stringify(
      {
        people: set.people.length,
        idPhotos: idPhotos.length,
        liveFrames: liveFrames.length,
        unusable,
        genuine: describeDistribution(genuine),
        impostor: describeDistribution(impostorDistances),
        candidates,
        chosen,
        atDefault,
        maxFar,
      },
      null,
      2,
    ),
  );
} else {
  console.log(`face calibration on ${set.dir}`);
  console.log(`${set.people.length} people, ${idPhotos.length} ID photos, ${liveFrames.length} live pictures described in ${seconds.toFixed(1)} s`);
  if (unusable.length) console.log(`no usable face in ${unusable.length}: ${unusable.join(', ')}`);
  console.log(`\ndistance         ${'n'.padStart(6)}    min     p5    p25 median    p75    p95    max`);
  console.log(distributionLine('genuine pairs', describeDistribution(genuine)));
  console.log(distributionLine('impostor pairs', describeDistribution(impostorDistances)));
  console.log('\nhistogram (bin start: genuine | impostor)');
  const width = 0.05;
  const g = new Map(histogram(genuine, width).map((b) => [b.from, b.count]));
  const i = new Map(histogram(impostorDistances, width).map((b) => [b.from, b.count]));
  for (const from of [...new Set([...g.keys(), ...i.keys()])].sort((a, b) => a - b)) {
    const gc = g.get(from) ?? 0;
    const ic = i.get(from) ?? 0;
    console.log(`  ${from.toFixed(2)}  ${String(gc).padStart(5)} ${bar(gc, genuine.length)} | ${String(ic).padStart(5)} ${bar(ic, impostor.length)}`);
  }
  console.log('\nthreshold   false accepts          FAR   false rejects        FRR');
  const rows = new Map([...candidates, atDefault, chosen].map((r) => [r.threshold, r]));
  for (const r of [...rows.values()].sort((a, b) => a.threshold - b.threshold)) console.log(ratesLine(r, mark(r.threshold)));
  console.log(`\nmost lenient threshold with FAR ≤ ${(maxFar * 100).toFixed(2)} %: ${chosen.threshold.toFixed(3)} (FAR ${percent(chosen.far)}, FRR ${percent(chosen.frr)})`);
  console.log(`default threshold ${atDefault.threshold}: FAR ${percent(atDefault.far)}, FRR ${percent(atDefault.frr)}`);
  console.log('closest impostor pairs:');
  for (const p of closest) console.log(`  ${p.distance.toFixed(3)}  ${p.id.person}/${basename(p.id.file)} vs ${p.live.person}/${basename(p.live.file)}`);
}

function distributionLine(label: string, d: Distribution): string {
  const cells = [d.min, d.p5, d.p25, d.median, d.p75, d.p95, d.max].map((v) => v.toFixed(3).padStart(6));
  return `${label.padEnd(16)} ${String(d.count).padStart(6)} ${cells.join(' ')}`;
}

function mark(threshold: number): string {
  const marks = [threshold === chosen.threshold ? 'most lenient within --max-far' : '', threshold === atDefault.threshold ? 'default' : ''].filter(Boolean);
  return marks.length ? `  ← ${marks.join(', ')}` : '';
}

function ratesLine(r: ReturnType<typeof errorRates>, note: string): string {
  return `${r.threshold.toFixed(3).padStart(9)}   ${`${r.falseAccepts}/${r.impostorPairs}`.padStart(13)} ${percent(r.far).padStart(10)}   ${`${r.falseRejects}/${r.genuinePairs}`.padStart(13)} ${percent(r.frr).padStart(10)}${note}`;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(2)} %`;
}

function bar(count: number, total: number): string {
  return '#'.repeat(Math.round((40 * count) / Math.max(1, total))).padEnd(40);
}
