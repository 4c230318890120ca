/**
 * Licence document figures (`npm run bench -- documents`):
 * - from an approved licence (the validated fields in memory) to the first byte and
 *   to the last byte of the A4 PDF: sign the QR statement, lay out, draw, subset the
 *   font, compress (target ≤ 250 ms to the first byte, font preloaded);
 * - the same for the thermal slip's ESC/POS bytes (target ≤ 50 ms);
 * - the cost of a cold process: reading the font, and the first rendering before any warm-up;
 * - peak memory of rendering (target ≤ 200 MB): the peak RSS of a kiosk-like process
 *   (the built kioskctl, no tsx) that loads the font and renders one licence, and the
 *   peak RSS of this benchmark process (node, tsx and the 26 MB font included);
 * - a long run of licences that keep bringing new characters, as months of names and
 *   addresses do: the live heap after a full GC must not keep growing.
 * Licences vary in name, operator, address and scope so the font subset differs each time.
 * Wall-clock times suffer when other work shares the machine; CPU times per rendering
 * are printed beside them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocumentFont, type DocumentFont } from '../core/documents/document-font';
import { sampleLicence, type Licence } from '../core/documents/licence';
import { renderLicencePdf } from '../core/documents/licence-pdf';
import { licenceSlip } from '../core/documents/licence-slip';
import type { PaperSize } from '../core/documents/pdf-document';
import { preloadDocuments } from '../core/documents/preload-documents';
import { initSigningKey, type SigningKey } from '../core/signing/kiosk-keys';
import { signLicence } from '../core/signing/licence-statement';
import { encodeSlip } from '../hardware/thermal/slip-escpos';

const PDF_RUNS = 40;
const LONG_RUNS = 300;
const SLIP_RUNS = 300;
const TARGET = { pdfFirstByteMs: 250, slipMs: 50, peakMb: 200 };

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘');
const GIVEN = Array.from('伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅');
const TRADES = ['图文设计店', '便利店', '小吃店', '美发店', '五金店', '花店', '茶行', '服装店', '电器维修部', '文化传播中心'];
const SCOPE_ITEMS = ['日用百货销售', '五金产品零售', '家用电器销售', '服装服饰零售', '鲜花零售', '茶具销售', '理发及美容服务', '家电维修', '电子产品销售', '文具用品零售', '办公用品销售', '图文设计制作', '广告设计、代理', '餐饮管理', '食品销售（仅销售预包装食品）', '礼品花卉销售'];

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length] as T;
}

function variedLicence(n: number): Licence {
  const base = sampleLicence();
  const operator = pick(SURNAMES, n * 7) + pick(GIVEN, n * 11) + (n % 3 === 0 ? pick(GIVEN, n * 5) : '');
  return {
    ...base,
    name: n % 5 === 4 ? null : `深圳市龙岗区${pick(GIVEN, n * 3)}${pick(SURNAMES, n)}${pick(TRADES, n)}`,
    operatorName: operator,
    premisesAddress: `深圳市龙岗区平湖街道${pick(SURNAMES, n * 13)}${pick(GIVEN, n * 17)}社区${pick(GIVEN, n)}${pick(SURNAMES, n * 2)}路${(n % 200) + 1}号${(n % 9) + 1}栋${(n % 30) + 101}`,
    businessScope: Array.from({ length: 2 + (n % 9) }, (_, i) => pick(SCOPE_ITEMS, n + i * 3)),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(label: string, values: number[], target?: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const worst = sorted[sorted.length - 1] ?? NaN;
  const verdict = target === undefined ? '' : `  (target ≤ ${target} ms: ${percentile(sorted, 95) <= target ? 'met at p95' : 'MISSED at p95'})`;
  return `${label}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${worst.toFixed(1)} ms over ${values.length}${verdict}`;
}

const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(0);

function cpuMs(since: NodeJS.CpuUsage, runs: number): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / runs;
}

/** Peak RSS in MB of the built kioskctl rendering the sample licence in a fresh process. */
function builtCliPeakRss(dir: string): number | undefined {
  const cli = join(process.cwd(), 'dist', 'cli', 'kioskctl.cjs');
  if (!existsSync(cli)) return undefined;
  const script = `require(${JSON.stringify(cli)}).runCli(['licence', 'render', '--sample', '--pdf', ${JSON.stringify(join(dir, 'x.pdf'))}, '--keys', ${JSON.stringify(dir)}, '--json'], { result() {}, error() {}, exit(code) { throw Object.assign(new Error('exit'), { code }); } }).then(() => process.stderr.write(String(process.resourceUsage().maxRSS)))`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const kib = Number(run.stderr.trim().split('\n').pop());
  return Number.isFinite(kib) && kib > 0 ? kib / 1024 : undefined;
}

/** Approved licence → signed statement → PDF: times to the first and the last chunk. */
function timePdf(licence: Licence, key: SigningKey, font: DocumentFont, size: PaperSize): Promise<{ first: number; end: number; bytes: number }> {
  const started = performance.now();
  const doc = renderLicencePdf(licence, signLicence(licence, key), { size, font });
  return new Promise((resolve, reject) => {
    let first = 0;
    let bytes = 0;
    doc.on('data', (chunk: Buffer) => {
      if (!first) first = performance.now() - started;
      bytes += chunk.length;
    });
    doc.on('end', () => resolve({ first, end: performance.now() - started, bytes }));
    doc.on('error', reject);
  });
}

const keyDir = mkdtempSync(join(tmpdir(), 'documents-bench-'));
let heapPeak = 0;
const noteHeap = (): void => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
};
try {
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const key = initSigningKey(keyDir).key;
  const rssBefore = process.memoryUsage().rss;

  let started = performance.now();
  const font = loadDocumentFont();
  console.log(`font: read and parsed once in ${(performance.now() - started).toFixed(0)} ms (${font.postscriptName})`);

  const cold = await timePdf(variedLicence(0), key, font, 'A4');
  noteHeap();
  console.log(`cold A4 (first rendering in the process, no warm-up): first byte ${cold.first.toFixed(0)} ms, end ${cold.end.toFixed(0)} ms`);
  started = performance.now();
  await preloadDocuments(font);
  console.log(`warm-up (preloadDocuments, as at kiosk start): ${(performance.now() - started).toFixed(0)} ms`);

  const first: number[] = [];
  const end: number[] = [];
  let pdfSize = 0;
  const pdfCpu = process.cpuUsage();
  for (let n = 1; n <= PDF_RUNS; n++) {
    const run = await timePdf(variedLicence(n), key, font, 'A4');
    noteHeap();
    first.push(run.first);
    end.push(run.end);
    pdfSize += run.bytes;
  }
  console.log(summary('A4 PDF, approved licence → first byte', first, TARGET.pdfFirstByteMs));
  console.log(summary('A4 PDF, approved licence → last byte', end));
  console.log(`A4 PDF CPU time: ${cpuMs(pdfCpu, PDF_RUNS).toFixed(1)} ms per licence`);
  console.log(`A4 PDF size: ${(pdfSize / PDF_RUNS / 1024).toFixed(0)} KiB on average`);
  const a3: number[] = [];
  for (let n = 1; n <= 10; n++) a3.push((await timePdf(variedLicence(n), key, font, 'A3')).end);
  noteHeap();
  console.log(summary('A3 PDF, approved licence → last byte', a3));

  const slip: number[] = [];
  let slipBytes = 0;
  const slipCpu = process.cpuUsage();
  for (let n = 0; n < SLIP_RUNS; n++) {
    const licence = variedLicence(n);
    const t = performance.now();
    slipBytes = encodeSlip(licenceSlip(licence, signLicence(licence, key))).length;
    slip.push(performance.now() - t);
  }
  noteHeap();
  console.log(summary(`ESC/POS slip (${slipBytes} bytes), approved licence → all bytes`, slip, TARGET.slipMs));
  console.log(`ESC/POS slip CPU time: ${cpuMs(slipCpu, SLIP_RUNS).toFixed(2)} ms per licence`);

  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    // Ten characters never printed before in each licence, from all over the CJK block.
    const fresh = (n: number): string => Array.from({ length: 10 }, (_, i) => String.fromCodePoint(0x4e00 + ((n * 10 + i) * 7) % 20000)).join('');
    gc();
    const liveBefore = process.memoryUsage().heapUsed;
    const longStarted = performance.now();
    for (let n = 0; n < LONG_RUNS; n++) {
      const licence = { ...variedLicence(n), premisesAddress: `深圳市龙岗区${fresh(n)}` };
      await timePdf(licence, key, font, 'A4');
    }
    gc();
    const liveAfter = process.memoryUsage().heapUsed;
    console.log(`long run: ${LONG_RUNS} licences with 10 new characters each in ${((performance.now() - longStarted) / 1000).toFixed(1)} s; live heap after a full GC ${mb(liveBefore)} MB before, ${mb(liveAfter)} MB after`);
  } else {
    console.log('long run: skipped (run with node --expose-gc, as npm run bench does)');
  }

  const peakRss = process.resourceUsage().maxRSS * 1024;
  console.log(`memory, this process: peak RSS ${mb(peakRss)} MB (${mb(rssBefore)} MB before the font was read), largest heap seen after a rendering ${mb(heapPeak)} MB`);
  const cliPeak = builtCliPeakRss(keyDir);
  if (cliPeak === undefined) console.log('memory, built kioskctl: not measured (run `npm run build` first)');
  else console.log(`memory, built kioskctl rendering one licence in a fresh process: peak RSS ${cliPeak.toFixed(0)} MB (target ≤ ${TARGET.peakMb} MB: ${cliPeak <= TARGET.peakMb ? 'met' : 'MISSED'})`);
} finally {
  rmSync(keyDir, { recursive: true, force: true });
}
