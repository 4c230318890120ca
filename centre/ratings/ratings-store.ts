/**
 * The figures behind /ratings, from the tables the kiosks' outboxes fill through
 * /v1/sync (centre_ratings, centre_decisions, centre_session_ends) and from the
 * registry's licences. Days are China Standard Time days: a hall's day, whatever the
 * server's zone. Each figure is one query; PostgreSQL does the counting and the median.
 */
import type { Pool } from 'pg';
import type { Distribution, RatingsQuery, RatingsReport } from '../../protocol/centre-ratings';

/**
 * A kiosk's hall. Until the centre keeps halls of its own, the hall is the kiosk id
 * without its last part, as kiosks are named: LG-PH-01 is kiosk 01 of hall LG-PH
 * (Longgang, Pinghu). One place to change when halls are stored.
 */
export function hallSql(kioskColumn: string): string {
  return `regexp_replace(${kioskColumn}, '-[^-]*$', '')`;
}

const DAY = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

/** Bucket edges in seconds for the card-to-licence histogram; the last bucket is open. */
export const TIME_TO_LICENCE_EDGES = [0, 30, 45, 60, 90, 120, 180, 300] as const;

export class RatingsStore {
  constructor(private readonly pool: Pool) {}

  async report(query: RatingsQuery): Promise<RatingsReport> {
    const [ratings, byDay, byHall, byKiosk, sessionEnds, referralReasons, licencesPerDay, timeToLicence] = await Promise.all([
      this.distributions(query, []),
      this.distributions(query, [DAY('rated_at')]),
      this.distributions(query, [hallSql('kiosk_id')]),
      this.distributions(query, [hallSql('kiosk_id'), 'kiosk_id']),
      this.sessionEnds(query),
      this.referralReasons(query),
      this.licencesPerDay(query),
      this.timeToLicence(query),
    ]);
    return {
      query,
      ratings: ratings[0]?.distribution ?? distributionOf([0, 0, 0, 0, 0]),
      byDay: byDay.map(({ key: [day = ''], distribution }) => ({ day, ...distribution })),
      byHall: byHall.map(({ key: [hall = ''], distribution }) => ({ hall, ...distribution })),
      byKiosk: byKiosk.map(({ key: [hall = '', kioskId = ''], distribution }) => ({ hall, kioskId, ...distribution })),
      sessionEnds,
      referralReasons,
      licencesPerDay,
      timeToLicence,
    };
  }

  /** Score counts over centre_ratings, grouped by the expressions (none: one group of all). */
  private async distributions(query: RatingsQuery, groupBy: string[]): Promise<{ key: string[]; distribution: Distribution }[]> {
    const { rows } = await this.pool.query<{ key: string[]; counts: string[] }>(
      `SELECT array[${groupBy.join(', ')}]::text[] AS key, array[${[1, 2, 3, 4, 5].map((s) => `count(*) FILTER (WHERE score = ${s})`).join(', ')}] AS counts
       FROM centre_ratings WHERE ${this.where('rated_at')} ${groupBy.length ? 'GROUP BY 1 ORDER BY 1' : ''}`,
      this.parameters(query),
    );
    return rows.map((row) => ({ key: row.key, distribution: distributionOf(row.counts.map(Number)) }));
  }

  private async sessionEnds(query: RatingsQuery): Promise<RatingsReport['sessionEnds']> {
    const { rows } = await this.pool.query<{ step: string; reason: string; count: string }>(
      `SELECT last_step AS step, end_reason AS reason, count(*) AS count FROM centre_session_ends
       WHERE ${this.where('ended_at')} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
      this.parameters(query),
    );
    return rows.map((row) => ({ step: row.step, reason: row.reason, count: Number(row.count) }));
  }

  private async referralReasons(query: RatingsQuery): Promise<RatingsReport['referralReasons']> {
    const { rows } = await this.pool.query<{ reason: string; count: string }>(
      `SELECT reason, count(*) AS count FROM centre_decisions, unnest(reasons) AS reason
       WHERE outcome = 'referred' AND ${this.where('decided_at')} GROUP BY 1 ORDER BY 2 DESC, 1`,
      this.parameters(query),
    );
    return rows.map((row) => ({ reason: row.reason, count: Number(row.count) }));
  }

  /** Licences the registry holds by the day they were issued (deregistered ones included: they were issued). */
  private async licencesPerDay(query: RatingsQuery): Promise<RatingsReport['licencesPerDay']> {
    const { rows } = await this.pool.query<{ day: string; count: string }>(
      `SELECT ${DAY('issued_at')} AS day, count(*) AS count FROM licences WHERE ${this.where('issued_at')} GROUP BY 1 ORDER BY 1`,
      this.parameters(query),
    );
    return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
  }

  private async timeToLicence(query: RatingsQuery): Promise<RatingsReport['timeToLicence']> {
    const issued = `card_to_licence_ms IS NOT NULL AND ${this.where('ended_at')}`;
    const edges = TIME_TO_LICENCE_EDGES.map((s) => s * 1000);
    const [overall, buckets, byDay] = await Promise.all([
      this.pool.query<{ count: string; median: number | null }>(
        `SELECT count(*) AS count, percentile_cont(0.5) WITHIN GROUP (ORDER BY card_to_licence_ms) AS median FROM centre_session_ends WHERE ${issued}`,
        this.parameters(query),
      ),
      this.pool.query<{ bucket: number; count: string }>(
        `SELECT width_bucket(card_to_licence_ms, $${this.parameters(query).length + 1}::int[]) AS bucket, count(*) AS count
         FROM centre_session_ends WHERE ${issued} GROUP BY 1`,
        [...this.parameters(query), edges],
      ),
      this.pool.query<{ day: string; median: number }>(
        `SELECT ${DAY('ended_at')} AS day, percentile_cont(0.5) WITHIN GROUP (ORDER BY card_to_licence_ms) AS median
         FROM centre_session_ends WHERE ${issued} GROUP BY 1 ORDER BY 1`,
        this.parameters(query),
      ),
    ]);
    const countOf = new Map(buckets.rows.map((row) => [row.bucket, Number(row.count)]));
    return {
      count: Number(overall.rows[0]!.count),
      medianMs: overall.rows[0]!.median === null ? null : Math.round(overall.rows[0]!.median),
      // width_bucket gives i for edges[i-1] <= x < edges[i], and edges.length past the last edge.
      histogram: TIME_TO_LICENCE_EDGES.map((from, i) => ({ fromSeconds: from, toSeconds: TIME_TO_LICENCE_EDGES[i + 1] ?? null, count: countOf.get(i + 1) ?? 0 })),
      medianByDay: byDay.rows.map((row) => ({ day: row.day, medianMs: Math.round(row.median) })),
    };
  }

  /** The period ($1, $2 as CST dates, inclusive) and the optional hall ($3) and kiosk ($4). */
  private where(timeColumn: string): string {
    return `${timeColumn} >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND ${timeColumn} < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND ($3::text IS NULL OR ${hallSql('kiosk_id')} = $3) AND ($4::text IS NULL OR kiosk_id = $4)`;
  }

  private parameters(query: RatingsQuery): unknown[] {
    return [query.from, query.to, query.hall ?? null, query.kiosk ?? null];
  }
}

function distributionOf(numbers: number[]): Distribution {
  const counts = [0, 1, 2, 3, 4].map((i) => numbers[i] ?? 0) as Distribution['counts'];
  const total = counts.reduce((sum, n) => sum + n, 0);
  const mean = total === 0 ? null : counts.reduce((sum, n, i) => sum + n * (i + 1), 0) / total;
  return { counts, total, mean: mean === null ? null : Math.round(mean * 100) / 100 };
}
