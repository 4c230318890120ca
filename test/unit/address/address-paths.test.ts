import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot, outsideAsar, resolveAddressPaths, sampleDatabasePath, shippedStreetListPath } from '../../../core/address/address-paths';
import { loadStreetDirectory, StreetListError } from '../../../core/address/street-list';
import { validateConfig } from '../../../core/config/load';

const root = findAppRoot();

describe('where the address files are', () => {
  it('finds the app folder from the code, and the street list shipped beside it', () => {
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(findAppRoot(join(root, 'core', 'address'))).toBe(root);
    expect(shippedStreetListPath(root)).toBe(join(root, 'assets', 'data', 'shenzhen-streets.csv'));
    expect(existsSync(shippedStreetListPath(root))).toBe(true);
  });

  it('an empty configuration uses the built sample and the shipped street list', () => {
    const config = validateConfig({}, 'test');
    expect(config.addresses).toEqual({});
    expect(resolveAddressPaths(config.addresses, '/data', root)).toEqual({
      database: sampleDatabasePath(root),
      streets: shippedStreetListPath(root),
      usingSample: true,
    });
    expect(sampleDatabasePath(root)).toBe(join(root, 'dist', 'data', 'addresses-sample.sqlite'));
  });

  it('configured files are taken as given when absolute and in the data folder when relative', () => {
    const config = validateConfig({ addresses: { database: 'addresses.sqlite', streets: '/etc/kiosk/streets.csv' } }, 'test');
    expect(resolveAddressPaths(config.addresses, '/data', root)).toEqual({
      database: '/data/addresses.sqlite',
      streets: '/etc/kiosk/streets.csv',
      usingSample: false,
    });
  });

  it('the addresses section is strict', () => {
    expect(() => validateConfig({ addresses: { databse: 'x.sqlite' } }, 'test')).toThrow(/addresses\.databse: unknown setting/);
    expect(() => validateConfig({ addresses: { database: '' } }, 'test')).toThrow(/addresses\.database/);
  });

  it('a missing street list is reported by name', () => {
    expect(() => loadStreetDirectory('/nonexistent/streets.csv')).toThrow(StreetListError);
    expect(() => loadStreetDirectory('/nonexistent/streets.csv')).toThrow(/cannot read the street list \/nonexistent\/streets\.csv/);
  });
  it('points into app.asar.unpacked in a packaged app, where SQLite can open the sample', () => {
    expect(sampleDatabasePath('/opt/miaopi-kiosk/resources/app.asar')).toBe(
      join('/opt/miaopi-kiosk/resources/app.asar.unpacked', 'dist', 'data', 'addresses-sample.sqlite'),
    );
    expect(outsideAsar('/srv/kiosk/dist/data/a.sqlite')).toBe('/srv/kiosk/dist/data/a.sqlite');
  });
});
