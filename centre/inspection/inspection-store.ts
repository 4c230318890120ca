/**
 * Grid inspection after approval (批后监管): every active licence is a task for the
 * inspector of its grid (the house code's first 14 digits) from the moment /v1/issue
 * writes it, due a set number of days after its issue. The inspector records one visit
 * per licence; "address false" also flags the licence for review, in the same
 * transaction, so a flag never lacks its visit nor a visit its flag, and tells the
 * open fleet pages (NOTIFY, delivered on commit).
 */
import type { Pool } from 'pg';
import type { GridSummary, InspectionTask, RecordVisitRequest, ReviewFlag, VisitOutcome } from '../../protocol/centre-inspection';
import type { StreetDirectory } from '../../rules/street-directory';
import { notifyFleet } from '../fleet/fleet-notify';
import { RefusedError } from '../http/refusals';
import { GRID_CODE_LENGTH, placeOf } from './places';

/** Ten days from issue: two working weeks for a grid's inspector to reach every new business. */
export const DEFAULT_INSPECTION_DUE_DAYS = 10;

interface TaskRow {
  credit_code: string;
  full_name: string | null;
  operator_name: string;
  house_code: string;
  issued_at: Date;
  due_at: Date;
  overdue: boolean;
  inspector: string | null;
  community: string | null;
  grid: string | null;
  address: string | null;
  outcome: VisitOutcome | null;
  notes: string | null;
  visited_by: string | null;
  visited_at: Date | null;
}

/** Licences with their grid's inspector, room, due date and visit; $1 is the due period in days. */
const TASKS_SQL = `
  SELECT l.credit_code, l.full_name, o.name AS operator_name, l.house_code, l.issued_at,
         l.issued_at + make_interval(days => $1) AS due_at,
         v.credit_code IS NULL AND l.issued_at + make_interval(days => $1) < now() AS overdue,
         g.inspector, r.community, r.grid, r.address,
         v.outcome, v.notes, v.inspector AS visited_by, v.visited_at
  FROM licences l
  JOIN operators o ON o.id = l.operator_id
  LEFT JOIN inspection_grids g ON g.grid_code = substr(l.house_code, 1, ${GRID_CODE_LENGTH})
  LEFT JOIN address_rooms r ON r.house_code = l.house_code
  LEFT JOIN inspection_visits v ON v.credit_code = l.credit_code`;

export interface ExportPeriod {
  gridCode: string;
  /** Issue dates from and to, inclusive, as YYYY-MM-DD in China Standard Time. */
  from: string;
  to: string;
}

export class InspectionStore {
  constructor(
    private readonly pool: Pool,
    private readonly streets: StreetDirectory,
    readonly dueDays: number = DEFAULT_INSPECTION_DUE_DAYS,
  ) {}

  async assignGrid(gridCode: string, inspector: string, assignedBy: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO inspection_grids (grid_code, inspector, assigned_by) VALUES ($1, $2, $3)
       ON CONFLICT (grid_code) DO UPDATE SET inspector = EXCLUDED.inspector, assigned_by = EXCLUDED.assigned_by, assigned_at = now()`,
      [gridCode, inspector, assignedBy],
    );
  }

  async isInspectorOf(gridCode: string, inspector: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM inspection_grids WHERE grid_code = $1 AND inspector = $2', [gridCode, inspector]);
    return rowCount === 1;
  }

  /** The inspector's open tasks, the earliest due first (overdue ones lead the list). */
  async openTasksOf(inspector: string): Promise<InspectionTask[]> {
    const { rows } = await this.pool.query<TaskRow>(
      `${TASKS_SQL} WHERE g.inspector = $2 AND v.credit_code IS NULL AND l.status = 'active' ORDER BY due_at, l.credit_code`,
      [this.dueDays, inspector],
    );
    return rows.map((row) => this.task(row));
  }

  /** Every grid with new businesses or an inspector: open, overdue, done and flagged counts. */
  async gridSummaries(): Promise<GridSummary[]> {
    const { rows } = await this.pool.query<{ grid_code: string; inspector: string | null; community: string | null; grid: string | null; open: string; overdue: string; done: string; flagged: string }>(
      `WITH tasks AS (
         SELECT substr(l.house_code, 1, ${GRID_CODE_LENGTH}) AS grid_code, r.community, r.grid,
                v.credit_code IS NOT NULL AS done, f.credit_code IS NOT NULL AS flagged,
                v.credit_code IS NULL AND l.issued_at + make_interval(days => $1) < now() AS overdue
         FROM licences l
         LEFT JOIN address_rooms r ON r.house_code = l.house_code
         LEFT JOIN inspection_visits v ON v.credit_code = l.credit_code
         LEFT JOIN licence_review_flags f ON f.credit_code = l.credit_code AND f.resolved_at IS NULL
         WHERE l.status = 'active' OR v.credit_code IS NOT NULL)
       SELECT coalesce(t.grid_code, g.grid_code) AS grid_code, g.inspector, min(t.community) AS community, min(t.grid) AS grid,
              count(*) FILTER (WHERE NOT t.done) AS open, count(*) FILTER (WHERE t.overdue) AS overdue,
              count(*) FILTER (WHERE t.done) AS done, count(*) FILTER (WHERE t.flagged) AS flagged
       FROM tasks t FULL JOIN inspection_grids g ON g.grid_code = t.grid_code
       GROUP BY 1, 2 ORDER BY 1`,
      [this.dueDays],
    );
    return rows.map((row) => {
      const { houseCode: _houseCode, address: _address, ...place } = placeOf(row.grid_code.padEnd(25, '0'), { community: row.community, grid: row.grid, address: null }, this.streets);
      return { place, inspector: row.inspector, open: Number(row.open), overdue: Number(row.overdue), done: Number(row.done), flagged: Number(row.flagged) };
    });
  }

  /**
   * The visit, by the inspector of the licence's grid (or an admin). One per licence: a
   * second is refused, so an outcome once reported is never silently replaced.
   */
  async recordVisit(visit: RecordVisitRequest, by: { username: string; mayInspectAnyGrid: boolean }): Promise<InspectionTask> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ inspector: string | null; visited: boolean; kiosk_id: string }>(
        `SELECT g.inspector, l.kiosk_id, EXISTS (SELECT 1 FROM inspection_visits v WHERE v.credit_code = l.credit_code) AS visited
         FROM licences l LEFT JOIN inspection_grids g ON g.grid_code = substr(l.house_code, 1, ${GRID_CODE_LENGTH})
         WHERE l.credit_code = $1 FOR UPDATE OF l`,
        [visit.creditCode],
      );
      const licence = rows[0];
      if (!licence) throw new RefusedError('no-such-licence');
      if (!by.mayInspectAnyGrid && licence.inspector !== by.username) throw new RefusedError('not-your-grid');
      if (licence.visited) throw new RefusedError('visit-recorded');
      const notes = visit.notes ? visit.notes : null;
      await client.query('INSERT INTO inspection_visits (credit_code, inspector, outcome, notes) VALUES ($1, $2, $3, $4)', [visit.creditCode, by.username, visit.outcome, notes]);
      if (visit.outcome === 'address-false') {
        await client.query(`INSERT INTO licence_review_flags (credit_code, reason, flagged_by) VALUES ($1, 'address-false', $2) ON CONFLICT (credit_code) DO NOTHING`, [visit.creditCode, by.username]);
        // The issuing kiosk's count of flagged licences changed: open /fleet pages learn it on commit, not at its next heartbeat.
        await notifyFleet(client, [licence.kiosk_id]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const { rows } = await this.pool.query<TaskRow>(`${TASKS_SQL} WHERE l.credit_code = $2`, [this.dueDays, visit.creditCode]);
    return this.task(rows[0]!);
  }

  /** Every licence of the grid issued in the period, with its visit if any, by issue date. */
  async gridPeriod(period: ExportPeriod): Promise<InspectionTask[]> {
    const { rows } = await this.pool.query<TaskRow>(
      `${TASKS_SQL}
       WHERE substr(l.house_code, 1, ${GRID_CODE_LENGTH}) = $2
         AND l.issued_at >= ($3::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
         AND l.issued_at < ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
       ORDER BY l.issued_at, l.credit_code`,
      [this.dueDays, period.gridCode, period.from, period.to],
    );
    return rows.map((row) => this.task(row));
  }

  private task(row: TaskRow): InspectionTask {
    return {
      creditCode: row.credit_code,
      fullName: row.full_name,
      operatorName: row.operator_name,
      place: placeOf(row.house_code, row, this.streets),
      issuedAt: row.issued_at.toISOString(),
      dueAt: row.due_at.toISOString(),
      overdue: row.overdue,
      inspector: row.inspector,
      visit: row.outcome ? { outcome: row.outcome, notes: row.notes, inspector: row.visited_by!, visitedAt: row.visited_at!.toISOString() } : null,
    };
  }
}

/** The open review flag of a licence, or null: for the public check (/v/…) and the fleet page's reasons. */
export async function reviewFlagOf(pool: Pick<Pool, 'query'>, creditCode: string): Promise<ReviewFlag | null> {
  const { rows } = await pool.query<{ reason: 'address-false'; flagged_at: Date }>(
    'SELECT reason, flagged_at FROM licence_review_flags WHERE credit_code = $1 AND resolved_at IS NULL',
    [creditCode],
  );
  const row = rows[0];
  return row ? { creditCode, reason: row.reason, flaggedAt: row.flagged_at.toISOString() } : null;
}
