/**
 * The CSV export of a grid's new businesses and their visits for a period: column names
 * in Chinese, UTF-8 with a BOM so that Excel on a Chinese Windows opens it as UTF-8
 * rather than GBK, CRLF line ends. Written by csv-stringify (quoting of commas, quotes
 * and line breaks in names and notes).
 */
import { stringify } from 'csv-stringify/sync';
import { VISIT_OUTCOME_LABELS, type InspectionTask } from '../../protocol/centre-inspection';

const COLUMNS: readonly [string, (task: InspectionTask) => string][] = [
  ['统一社会信用代码', (t) => t.creditCode],
  ['名称', (t) => t.fullName ?? ''],
  ['经营者', (t) => t.operatorName],
  ['区', (t) => t.place.district.name ?? t.place.district.code],
  ['街道', (t) => t.place.street.name ?? t.place.street.code],
  ['社区', (t) => t.place.community.name ?? t.place.community.code],
  ['网格', (t) => t.place.grid.name ?? t.place.grid.code],
  ['经营场所', (t) => t.place.address ?? ''],
  ['房屋编码', (t) => t.place.houseCode],
  ['登记时间', (t) => chinaTime(t.issuedAt)],
  ['应核查日期', (t) => chinaTime(t.dueAt).slice(0, 10)],
  ['网格员', (t) => t.visit?.inspector ?? t.inspector ?? ''],
  ['核查结果', (t) => (t.visit ? VISIT_OUTCOME_LABELS[t.visit.outcome]['zh-CN'] : t.overdue ? '逾期未核查' : '待核查')],
  ['备注', (t) => t.visit?.notes ?? ''],
  ['核查时间', (t) => (t.visit ? chinaTime(t.visit.visitedAt) : '')],
];

export const INSPECTION_CSV_COLUMNS = COLUMNS.map(([name]) => name);

export function inspectionCsv(tasks: readonly InspectionTask[]): string {
  return stringify(
    tasks.map((task) => COLUMNS.map(([, value]) => inertInSpreadsheet(value(task)))),
    { bom: true, header: true, columns: INSPECTION_CSV_COLUMNS, record_delimiter: 'windows' },
  );
}

/** 2026-12-05 14:03, China Standard Time (the halls' time, whatever the server's zone). */
export function chinaTime(iso: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16);
}

/** A typed name or note starting with = + - @ would run as a formula in Excel: a leading ' keeps it text. */
function inertInSpreadsheet(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
