// The kiosk configuration's centre section: absent means a standalone kiosk, as before.
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../../core/config/load';

describe('the centre section of the kiosk configuration', () => {
  it('is absent by default: a standalone kiosk', () => {
    expect(validateConfig({}, 'test').centre).toBeUndefined();
  });

  it('takes the centre URL, refers to the counter when offline by default', () => {
    expect(validateConfig({ centre: { url: 'https://centre.example:5190' } }, 'test').centre).toEqual({ url: 'https://centre.example:5190', offline: 'refer', timeoutMs: 5000, retrySeconds: 30, pullIntervalSeconds: 60, creditCodesLowWater: 200, heartbeatMs: 30_000 });
    expect(validateConfig({ centre: { url: 'http://127.0.0.1:5190', offline: 'provisional' } }, 'test').centre?.offline).toBe('provisional');
  });

  it('names the field of a bad URL or policy', () => {
    for (const [centre, field] of [
      [{ url: 'ftp://centre' }, 'centre.url'],
      [{ url: 'http://centre', offline: 'guess' }, 'centre.offline'],
    ] as const) {
      let problems: ConfigError['problems'] = [];
      try {
        validateConfig({ centre }, 'test');
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems = error.problems;
      }
      expect(problems.map((p) => p.field)).toEqual([field]);
    }
  });
});
