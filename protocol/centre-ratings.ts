/**
 * The ratings page's API (/ratings): 好差评 and where the service's sessions end, over a
 * period of days in China Standard Time, optionally narrowed to one hall or one kiosk.
 */
import { z } from 'zod';

export const RATINGS_PATHS = {
  page: '/ratings',
  report: '/api/ratings/report',
} as const;

/** Score 1..5 as the kiosk asks it: 非常不满意 … 非常满意. */
export const RATING_LABELS: readonly { score: number; 'zh-CN': string; en: string }[] = [
  { score: 5, 'zh-CN': '非常满意', en: 'Very satisfied' },
  { score: 4, 'zh-CN': '满意', en: 'Satisfied' },
  { score: 3, 'zh-CN': '基本满意', en: 'Fairly satisfied' },
  { score: 2, 'zh-CN': '不满意', en: 'Dissatisfied' },
  { score: 1, 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
];

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const RatingsQuery = z
  .object({
    from: Day,
    to: Day,
    hall: z.string().min(1).max(64).optional(),
    kiosk: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type RatingsQuery = z.infer<typeof RatingsQuery>;

/** Counts of scores 1..5 (index 0 is score 1), their total and mean. */
export interface Distribution {
  counts: [number, number, number, number, number];
  total: number;
  mean: number | null;
}

export interface RatingsReport {
  query: RatingsQuery;
  ratings: Distribution;
  byDay: ({ day: string } & Distribution)[];
  byHall: ({ hall: string } & Distribution)[];
  byKiosk: ({ hall: string; kioskId: string } & Distribution)[];
  /** Where sessions end: the step and why (a referral reason code, abandoned, timeout, done). */
  sessionEnds: { step: string; reason: string; count: number }[];
  /** Reasons of referred decisions (one decision may give several). */
  referralReasons: { reason: string; count: number }[];
  licencesPerDay: { day: string; count: number }[];
  timeToLicence: {
    count: number;
    medianMs: number | null;
    /** Sessions whose card-to-licence time fell in [fromSeconds, toSeconds); toSeconds null is open-ended. */
    histogram: { fromSeconds: number; toSeconds: number | null; count: number }[];
    medianByDay: { day: string; medianMs: number }[];
  };
}
