/**
 * The grid inspectors' list of licences to check on the spot, as CSV (RFC 4180, UTF-8
 * with a byte-order mark so that spreadsheet programs read the Chinese text right).
 */
import type { Licence } from './licences';

const COLUMNS: ReadonlyArray<readonly [header: string, value: (licence: Licence) => string]> = [
  ['统一社会信用代码', (l) => l.creditCode],
  ['名称', (l) => l.name ?? ''],
  ['经营者', (l) => l.operatorName],
  ['经营场所', (l) => l.premisesAddress],
  ['房屋编码', (l) => l.houseCode],
  ['网格', (l) => l.gridCode],
  ['注册日期', (l) => l.registrationDate],
  ['状态', (l) => (l.status === 'active' ? '存续' : '已注销')],
];

const BYTE_ORDER_MARK = '\uFEFF';

export function licencesToCsv(licences: readonly Licence[]): string {
  const lines = [COLUMNS.map(([header]) => header), ...licences.map((licence) => COLUMNS.map(([, value]) => value(licence)))];
  return BYTE_ORDER_MARK + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
