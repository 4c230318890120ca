// The centre's reliability trials (npm run reliability -- --only centre), each once: a
// real centre process and a durable PostgreSQL, kiosks through the cutting proxy. Every
// application ends as one licence its kiosk was told about; nothing lost, nothing twice.
// The name race runs in name-race.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRE_TRIALS, CentreCity } from '../reliability/centre-trials';

let city: CentreCity;

beforeAll(async () => {
  city = await CentreCity.open();
}, 90_000);
afterAll(async () => {
  await city?.close();
});

describe('the centre under faults', () => {
  it.each(CENTRE_TRIALS.filter((trial) => !trial.name.includes('name race')).map((trial) => [trial.name, trial] as const))('%s', async (_, trial) => {
    await trial.run(city);
  }, 60_000);

  it('over all trials: no licence lost, duplicated or left unconfirmed', async () => {
    const tally = await city.tally();
    expect(tally).toMatchObject({ lost: 0, duplicated: 0, unconfirmed: 0 });
    expect(tally.confirmed).toBe(city.applications);
  });
});
