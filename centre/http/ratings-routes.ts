/** The ratings page and its report for a period, hall or kiosk (supervisors and admins). */
import { RATINGS_PATHS, RatingsQuery } from '../../protocol/centre-ratings';
import { RatingsStore } from '../ratings/ratings-store';
import { parseQuery } from './exchange';
import type { CentreRoute } from './routes';
import type { CentreAreaDeps } from './server';

export function ratingsRoutes({ pool, access }: CentreAreaDeps): CentreRoute[] {
  const ratings = new RatingsStore(pool);
  return [
    access.page(RATINGS_PATHS.page, ['supervisor']),
    {
      method: 'GET',
      path: RATINGS_PATHS.report,
      handle: async (context) => {
        await access.requireStaff(context, ['supervisor']);
        return ratings.report(parseQuery(RatingsQuery, context.url));
      },
    },
  ];
}
