/**
 * The address database file: its own SQLite file, separate from the kiosk registry, read
 * only by the kiosk and replaced whole by an import.
 *
 * Sized for Shenzhen's 11 million rooms with a lookup in a handful of B-tree steps:
 * the 19-digit building code fits a 64-bit integer, so buildings are keyed by it, and
 * rooms by (building, room) in a WITHOUT ROWID table, whose rows are the index itself.
 * Grids and communities are keyed by the prefixes of the building code (integer
 * division), so each room row carries only its label, usage and status.
 */

export const ADDRESS_DB_FORMAT = 'miaopi-addresses';
export const ADDRESS_DB_VERSION = 1;

/** building code / GRID_DIVISOR = 14-digit grid code; / COMMUNITY_DIVISOR = 12-digit community code. */
export const GRID_DIVISOR = 100_000;
export const COMMUNITY_DIVISOR = 10_000_000;

export const ADDRESS_SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
-- id = position in ROOM_USAGES
CREATE TABLE usages (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE communities (code INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
CREATE TABLE grids (code INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
CREATE TABLE buildings (code INTEGER PRIMARY KEY, road TEXT NOT NULL, number TEXT NOT NULL, name TEXT NOT NULL) STRICT;
-- status = position in ROOM_STATUSES
CREATE TABLE rooms (
  building INTEGER NOT NULL,
  room INTEGER NOT NULL,
  label TEXT NOT NULL,
  usage INTEGER NOT NULL,
  status INTEGER NOT NULL,
  PRIMARY KEY (building, room)
) STRICT, WITHOUT ROWID;
`;

/** Keys of the meta table. */
export const META = {
  format: 'format',
  version: 'version',
  builtAt: 'built_at',
  source: 'source',
  rooms: 'rooms',
} as const;
