/**
 * The grid inspection pages' API (/inspection): what the staff pages send and get. The
 * centre checks every request against these schemas; the pages type their data by them.
 */
import { z } from 'zod';
import { StaffName } from './centre-staff';

export const INSPECTION_PATHS = {
  page: '/inspection',
  tasks: '/api/inspection/tasks',
  visit: '/api/inspection/visits',
  grids: '/api/inspection/grids',
  export: '/api/inspection/export.csv',
} as const;

/** What the inspector found at the address. Only 'address-false' flags the licence for review. */
export const VISIT_OUTCOMES = ['operating', 'not-found', 'address-false', 'other-business'] as const;
export const VisitOutcome = z.enum(VISIT_OUTCOMES);
export type VisitOutcome = z.infer<typeof VisitOutcome>;

export const VISIT_OUTCOME_LABELS: Record<VisitOutcome, { 'zh-CN': string; en: string }> = {
  operating: { 'zh-CN': '正常经营', en: 'Found operating' },
  'not-found': { 'zh-CN': '未找到经营者', en: 'Not found' },
  'address-false': { 'zh-CN': '地址虚假', en: 'Address false' },
  'other-business': { 'zh-CN': '现场为其他经营者', en: 'Another business there' },
};

export const CreditCodeParam = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character credit code');
export const GridCode = z.string().regex(/^\d{14}$/, 'a 14-digit grid code (the first 14 digits of the house code)');

export const RecordVisitRequest = z
  .object({
    creditCode: CreditCodeParam,
    outcome: VisitOutcome,
    notes: z.string().trim().max(500).optional(),
  })
  .strict();
export type RecordVisitRequest = z.infer<typeof RecordVisitRequest>;

export const AssignGridRequest = z.object({ gridCode: GridCode, inspector: StaffName }).strict();
export type AssignGridRequest = z.infer<typeof AssignGridRequest>;

/** district → street → community → grid, each level with its code and, where the centre knows it, its name. */
export interface Area {
  code: string;
  name: string | null;
}

export interface Place {
  district: Area;
  street: Area;
  community: Area;
  grid: Area;
  houseCode: string;
  /** Road, number, building and room from the address base; null when the centre has no such room. */
  address: string | null;
}

export interface InspectionTask {
  creditCode: string;
  fullName: string | null;
  operatorName: string;
  place: Place;
  issuedAt: string;
  dueAt: string;
  overdue: boolean;
  inspector: string | null;
  visit: { outcome: VisitOutcome; notes: string | null; inspector: string; visitedAt: string } | null;
}

export interface TasksAnswer {
  /** Days from the licence's issue to the inspection's due date. */
  dueDays: number;
  now: string;
  tasks: InspectionTask[];
}

/** One grid's counts, for the supervisors' tree of district → street → community → grid. */
export interface GridSummary {
  place: Omit<Place, 'houseCode' | 'address'>;
  inspector: string | null;
  open: number;
  overdue: number;
  done: number;
  flagged: number;
}

export interface ReviewFlag {
  creditCode: string;
  reason: 'address-false';
  flaggedAt: string;
}
