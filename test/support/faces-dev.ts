/**
 * The real photos of ../shared/data/faces-dev (six people, several occasions each; MIT
 * licence, see its README): the calibration set and the tight-crop tests' source.
 * `$FACES_DEV_DIR` points elsewhere.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FACES_DEV_DIR = resolve(process.env.FACES_DEV_DIR ?? join(process.cwd(), '..', 'shared', 'data', 'faces-dev'));

export interface RealPerson {
  id: string;
  /** Every photo of the person, each from a different occasion. */
  photos: string[];
}

/** One entry per person folder, photos sorted by name. */
export function realPeople(dir: string = FACES_DEV_DIR): RealPerson[] {
  if (!existsSync(dir)) throw new Error(`no real face photos at ${dir}: lay the shared data beside the work tree (../shared/data/faces-dev) or set FACES_DEV_DIR`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      id: entry.name,
      photos: readdirSync(join(dir, entry.name))
        .filter((name) => /\.(jpe?g|png)$/i.test(name))
        .sort()
        .map((name) => join(dir, entry.name, name)),
    }))
    .filter((person) => person.photos.length > 0)
    .sort((a, b) => a.id.localeCompare(b.id));
}
