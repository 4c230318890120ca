/** The ratings API behind /ratings: the report for a period, hall or kiosk (supervisors and admins). */
import { RATINGS_PATHS, RatingsQuery } from '../../protocol/centre-ratings';
import type { RatingsStore } from '../ratings/ratings-store';
import type { CentreRoute } from './routes';
import { parseQuery, type RequireStaff } from './staff-access';

export function ratingsRoutes({ ratings, requireStaff }: { ratings: RatingsStore; requireStaff: RequireStaff }): CentreRoute[] {
  return [
    {
      method: 'GET',
      path: RATINGS_PATHS.report,
      handle: async (context) => {
        await requireStaff(context, ['supervisor', 'admin']);
        return ratings.report(parseQuery(RatingsQuery, context.url));
      },
    },
  ];
}
