import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../../core/config/load';

function problems(raw: unknown): ConfigError['problems'] {
  try {
    validateConfig(raw, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the registration section of the configuration', () => {
  it('has development defaults, so an empty configuration still issues licences', () => {
    expect(validateConfig({}, 'test').registration).toEqual({
      authorityRegion: '440307',
      authorityName: '深圳市市场监督管理局龙岗监管局',
      creditCodeBlock: { prefix: 'K0', start: 1, end: 999999 },
    });
  });

  it('takes the block assigned at installation', () => {
    const config = validateConfig({ registration: { authorityRegion: '440308', creditCodeBlock: { prefix: 'K7', start: 1000, end: 1999 } } }, 'test');
    expect(config.registration).toMatchObject({ authorityRegion: '440308', creditCodeBlock: { prefix: 'K7', start: 1000, end: 1999 } });
  });

  it('names the field of a bad block', () => {
    expect(problems({ registration: { creditCodeBlock: { prefix: 'IO' } } })).toEqual([
      { field: 'registration.creditCodeBlock.prefix', message: expect.stringMatching(/expected 2 characters of 0123456789ABCDEFGHJKLMNPQRTUWXY.*got "IO"/) },
    ]);
    expect(problems({ registration: { creditCodeBlock: { start: 500, end: 499 } } })).toEqual([
      { field: 'registration.creditCodeBlock.end', message: expect.stringMatching(/at least start/) },
    ]);
    expect(problems({ registration: { creditCodeBlock: { end: 1_000_000 } } })[0]?.field).toBe('registration.creditCodeBlock.end');
    expect(problems({ registration: { authorityRegion: '4403' } })[0]?.field).toBe('registration.authorityRegion');
    expect(problems({ registration: { creditCodeBlok: {} } })[0]?.message).toMatch(/unknown setting/);
  });
});
