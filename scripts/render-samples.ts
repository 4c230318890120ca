/**
 * Pictures of every printed layout, for a person to look at: the licence duplicate
 * (A4) and original (A3), the deregistration notice (PDFs and PNGs by pdftoppm), and
 * the thermal slip as the thermal emulator prints it (Chinese in unifont's dot-matrix
 * glyphs). Everything goes under build/samples/.
 *
 *   node --import tsx scripts/render-samples.ts [--out DIR] [--dpi N]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderDeregistrationPdf } from '../core/documents/deregistration-pdf';
import { loadDocumentFont } from '../core/documents/document-font';
import { sampleDeregistrationNotice, sampleLicence } from '../core/documents/licence';
import { renderLicencePdf } from '../core/documents/licence-pdf';
import { licenceSlip } from '../core/documents/licence-slip';
import { pdfBytes } from '../core/documents/pdf-document';
import { initSigningKey } from '../core/signing/kiosk-keys';
import { signLicence } from '../core/signing/licence-statement';
import { decodeEscPos } from '../hardware/thermal/escpos-decoder';
import { renderPaper } from '../hardware/thermal/paper-render';
import { encodeSlip } from '../hardware/thermal/slip-escpos';

const { values } = parseArgs({ options: { out: { type: 'string', default: join('build', 'samples') }, dpi: { type: 'string', default: '110' } } });
const outDir = values.out;
const dpi = Number(values.dpi);

function requireTool(tool: string): void {
  if (spawnSync(tool, ['-v'], { stdio: 'ignore' }).error) {
    console.error(`render-samples: ${tool} is missing: run scripts/setup-system`);
    process.exit(2);
  }
}

/** pdftoppm writes NAME-1.png for a one-page PDF; rename to NAME.png. */
function toPng(pdfFile: string, name: string): string {
  const base = join(outDir, name);
  const run = spawnSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', pdfFile, base], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pdftoppm failed on ${pdfFile}: ${run.stderr}`);
  return `${base}.png`;
}

requireTool('pdftoppm');
mkdirSync(outDir, { recursive: true });
const font = loadDocumentFont();
// A throwaway key: the samples show the layout, they certify nothing.
const keyDir = mkdtempSync(join(tmpdir(), 'sample-keys-'));
const licence = sampleLicence();
const payload = signLicence(licence, initSigningKey(keyDir).key);
rmSync(keyDir, { recursive: true, force: true });

const pictures: string[] = [];
const documents = [
  { name: 'licence-a4-duplicate', render: () => renderLicencePdf(licence, payload, { size: 'A4', font }) },
  { name: 'licence-a3-original', render: () => renderLicencePdf(licence, payload, { size: 'A3', font }) },
  { name: 'licence-a4-nameless', render: () => renderLicencePdf({ ...licence, name: null, compositionForm: '家庭经营' }, payload, { size: 'A4', font }) },
  { name: 'deregistration-notice', render: () => renderDeregistrationPdf(sampleDeregistrationNotice(), font) },
];
for (const { name, render } of documents) {
  const pdfFile = join(outDir, `${name}.pdf`);
  writeFileSync(pdfFile, await pdfBytes(render()));
  pictures.push(toPng(pdfFile, name));
}

// The slip goes through the printer's bytes and the emulator's paper, as on a kiosk.
const [slip] = decodeEscPos(encodeSlip(licenceSlip(licence, payload))).slips;
if (!slip) throw new Error('the thermal emulator cut no slip from the licence slip');
const slipPicture = join(outDir, 'thermal-slip.png');
writeFileSync(slipPicture, renderPaper(slip).png);
pictures.push(slipPicture);

console.log(`render-samples: ${pictures.length} pictures in ${outDir}`);
for (const picture of pictures) console.log(`  ${picture}`);
