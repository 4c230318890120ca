/**
 * The grid inspection API behind /inspection: an inspector's own open tasks, the visit,
 * the grid tree with its inspectors (supervisors, admins), assigning a grid (admins),
 * and the CSV of a grid and period. Each route names the roles that may use it; an
 * inspector reaches only the grids assigned to them.
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { AssignGridRequest, GridCode, INSPECTION_PATHS, RecordVisitRequest, type TasksAnswer } from '../../protocol/centre-inspection';
import { StaffName } from '../../protocol/centre-staff';
import { inspectionCsv } from '../inspection/inspection-csv';
import { InspectionStore } from '../inspection/inspection-store';
import { shippedStreets } from '../inspection/places';
import { parseBody, parseQuery } from './exchange';
import { RefusedError } from './refusals';
import { ANSWERED, type CentreRoute } from './routes';
import type { CentreAreaDeps } from './server';

const ExportQuery = z
  .object({ grid: GridCode, from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export function inspectionRoutes({ pool, access }: CentreAreaDeps, inspection: InspectionStore = new InspectionStore(pool, shippedStreets())): CentreRoute[] {
  const requireStaff = access.requireStaff.bind(access);
  return [
    access.page(INSPECTION_PATHS.page, ['inspector', 'supervisor']),
    {
      method: 'GET',
      path: INSPECTION_PATHS.tasks,
      // An inspector sees their own list; a supervisor or admin may look at anyone's.
      handle: async (context) => {
        const staff = await requireStaff(context, ['inspector', 'supervisor']);
        const asked = parseQuery(z.object({ inspector: StaffName.optional() }).strict(), context.url);
        const inspector = staff.role === 'inspector' ? staff.name : (asked.inspector ?? staff.name);
        const answer: TasksAnswer = { dueDays: inspection.dueDays, now: new Date().toISOString(), tasks: await inspection.openTasksOf(inspector) };
        return answer;
      },
    },
    {
      method: 'POST',
      path: INSPECTION_PATHS.visit,
      handle: async (context) => {
        const staff = await requireStaff(context, ['inspector']);
        const visit = parseBody(RecordVisitRequest, await context.body());
        return inspection.recordVisit(visit, { username: staff.name, mayInspectAnyGrid: staff.role === 'admin' });
      },
    },
    {
      method: 'GET',
      path: INSPECTION_PATHS.grids,
      handle: async (context) => {
        await requireStaff(context, ['supervisor']);
        return inspection.gridSummaries();
      },
    },
    {
      method: 'POST',
      path: INSPECTION_PATHS.grids,
      handle: async (context) => {
        const staff = await requireStaff(context, ['admin']);
        const { gridCode, inspector } = parseBody(AssignGridRequest, await context.body());
        await inspection.assignGrid(gridCode, inspector, staff.name);
        return { gridCode, inspector };
      },
    },
    {
      method: 'GET',
      path: INSPECTION_PATHS.export,
      handle: async (context) => {
        const staff = await requireStaff(context, ['inspector', 'supervisor']);
        const query = parseQuery(ExportQuery, context.url);
        if (staff.role === 'inspector' && !(await inspection.isInspectorOf(query.grid, staff.name))) throw new RefusedError('not-your-grid');
        const csv = inspectionCsv(await inspection.gridPeriod({ gridCode: query.grid, from: query.from, to: query.to }));
        sendCsv(context.response, `inspection-${query.grid}-${query.from}-${query.to}.csv`, csv);
        return ANSWERED;
      },
    },
  ];
}

function sendCsv(response: ServerResponse, fileName: string, csv: string): void {
  const body = Buffer.from(csv, 'utf8');
  response.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'content-length': body.length,
    'cache-control': 'no-store',
  });
  response.end(body);
}
