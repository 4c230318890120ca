/** Writing a file so that a power cut leaves the old version or the new one, never a torn one. */
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes and fsyncs, so a rename after it never publishes an empty file after a power cut. */
export function writeDurably(file: string, content: string | Uint8Array, mode = 0o644): void {
  const fd = openSync(file, 'w', mode);
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function syncDirectory(dir: string): void {
  // Windows cannot open a directory for fsync; its renames are durable on their own.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `file` by rename of a fully written temporary file beside it. */
export function replaceFileAtomically(file: string, content: string, mode?: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeDurably(temp, content, mode);
  renameSync(temp, file);
  syncDirectory(dirname(file));
}
