/**
 * The licence's receipt on the 80 mm thermal printer (576 dots, font A: 12-dot ASCII,
 * 24-dot Chinese): the key fields with their labels in a column, values wrapped by the
 * CJK line-breaking rules, and the signed QR code. Printed when the laser printer cannot
 * print the licence, and as the applicant's receipt.
 */
import { isHalfWidth } from '../../hardware/thermal/bitmap-font';
import type { SlipElement, SlipJob } from '../../hardware/thermal/slip-job';
import { breakLines } from '../../rules/text/line-breaking';
import type { Licence } from './licence';
import { chineseDate, printedName } from './licence-text';
import { QUIET_ZONE_MODULES, qrModules } from './qr-drawing';

export const SLIP_WIDTH_DOTS = 576;
const HALF_WIDTH_DOTS = 12;
const FULL_WIDTH_DOTS = 24;
// Labels are four characters wide (short ones padded with ideographic spaces) plus a colon.
const LABEL_CHARS = 4;
const LABEL_DOTS = (LABEL_CHARS + 1) * FULL_WIDTH_DOTS;
const RULE = '-'.repeat(SLIP_WIDTH_DOTS / HALF_WIDTH_DOTS);
const LARGEST_QR_MODULE = 6;

export const SLIP_VERIFY_HINT = '扫描二维码可离线核验本执照信息';

function dotsOf(text: string): number {
  let dots = 0;
  for (const char of text) dots += isHalfWidth(char) ? HALF_WIDTH_DOTS : FULL_WIDTH_DOTS;
  return dots;
}

/** Labels spread to four characters with half-width spaces (名    称：, 经 营 者：) so the values line up. */
function paddedLabel(label: string): string {
  const chars = Array.from(label);
  const gaps = chars.length - 1;
  const halfSpaces = (LABEL_CHARS - chars.length) * 2;
  if (gaps <= 0 || halfSpaces <= 0) return `${label}${' '.repeat(Math.max(0, halfSpaces))}：`;
  return chars.map((char, i) => (i < gaps ? char + ' '.repeat(Math.floor(halfSpaces / gaps) + (i < halfSpaces % gaps ? 1 : 0)) : char)).join('') + '：';
}

/** A labelled field; continuation lines are indented under the value. */
function field(label: string, value: string): string {
  const lines = breakLines(value, SLIP_WIDTH_DOTS - LABEL_DOTS, dotsOf);
  const indent = '\u3000'.repeat(LABEL_CHARS + 1);
  return lines.map((line, i) => (i === 0 ? paddedLabel(label) : indent) + line).join('\n');
}

/** The largest module size (at most 6 dots) at which the symbol and its quiet zone fit the paper. */
export function slipQrModuleSize(payload: string): number {
  const modules = qrModules(payload).size + 2 * QUIET_ZONE_MODULES;
  return Math.max(1, Math.min(LARGEST_QR_MODULE, Math.floor(SLIP_WIDTH_DOTS / modules)));
}

export function licenceSlip(licence: Licence, qrPayload: string): SlipJob {
  const elements: SlipElement[] = [
    { kind: 'text', text: '营业执照', align: 'center', bold: true, size: { width: 2, height: 2 } },
    { kind: 'text', text: `${licence.type}\u3000登记信息凭条`, align: 'center' },
    { kind: 'text', text: RULE },
    { kind: 'text', text: '统一社会信用代码' },
    { kind: 'text', text: licence.creditCode, bold: true, size: { width: 1, height: 2 } },
    {
      kind: 'text',
      text: [
        field('名称', printedName(licence.name)),
        field('经营者', licence.operatorName),
        field('组成形式', licence.compositionForm),
        field('经营场所', licence.premisesAddress),
        field('注册日期', chineseDate(licence.registrationDate)),
        field('登记机关', licence.authorityName),
      ].join('\n'),
    },
    { kind: 'text', text: RULE },
    { kind: 'qr', payload: qrPayload, align: 'center', errorLevel: 'M', moduleSize: slipQrModuleSize(qrPayload) },
    { kind: 'text', text: SLIP_VERIFY_HINT, align: 'center' },
    { kind: 'text', text: `自助终端 ${licence.kioskId}\u3000${chineseDate(licence.issueDate)}`, align: 'center' },
    { kind: 'feed', lines: 1 },
  ];
  return { elements, cut: 'full' };
}
