/**
 * Files that hold personal data or keys (the kiosk database, key files, exports) are
 * readable by the kiosk's own user only: files 0600, their folders 0700, whatever the
 * umask. Folders that already exist are left alone: a configured path may sit in a
 * shared folder that is not the kiosk's to change.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder and any missing parents with mode 0700. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates an empty file with mode 0600 unless it exists (without truncating one that
 * does), so that whoever fills it (SQLite) finds it private; a file an older version
 * left readable by others is tightened.
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tightenPrivateFile(file);
}

/**
 * Takes group and other permissions off an existing file the kiosk's user owns. A file
 * that vanishes meanwhile is fine: SQLite deletes its -wal and -shm files when another
 * process closes the last connection, between any check and the stat or chmod.
 */
export function tightenPrivateFile(file: string): void {
  try {
    const { mode, uid } = statSync(file);
    if ((mode & 0o077) === 0 || (process.getuid && process.getuid() !== uid && process.getuid() !== 0)) return;
    chmodSync(file, mode & 0o700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
