/**
 * Applicants for the reliability scenarios: a trade name and a room of their own each,
 * so the name-unique and businesses-per-address rules never refuse one because an
 * earlier applicant of the same run took it.
 */
import Database from 'better-sqlite3';
import { findAppRoot, sampleDatabasePath } from '../../../core/address/address-paths';

// Two characters from this pool (each once: a repeat would give two applicants one name)
// make a trade name unique per applicant: 54 x 54 = 2,916 of them.
const NAME_CHARACTERS = [...'精锐美新兴宏达鑫源顺祥瑞丰和泰安康福禄喜乐明德信诚益嘉盛通博远志成宁晨曦雅韵春秋松柏竹梅兰菊云海山川林泉石溪'];

export const TRADE_NAMES = NAME_CHARACTERS.length ** 2;

/** Applicant n's trade name, e.g. 精锐; distinct for n below TRADE_NAMES. */
export function tradeName(n: number): string {
  const size = NAME_CHARACTERS.length;
  return NAME_CHARACTERS[n % size]! + NAME_CHARACTERS[Math.floor(n / size) % size]!;
}

/** Commercial rooms in Longgang (the authority's district) of the built sample address database, one per applicant. */
export function commercialRooms(count: number): string[] {
  const db = new Database(sampleDatabasePath(findAppRoot()), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[number], { code: string }>(
        "SELECT printf('%019d%06d', building, room) AS code FROM rooms WHERE usage = 1 AND status = 0 AND building BETWEEN 4403070000000000000 AND 4403079999999999999 ORDER BY building, room LIMIT ?",
      )
      .all(count);
    if (rows.length < count) throw new Error(`the sample address database has ${rows.length} free commercial rooms in Longgang, ${count} wanted`);
    return rows.map((row) => row.code);
  } finally {
    db.close();
  }
}
