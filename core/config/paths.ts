import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'miaopi-kiosk';

/** The user-data folder outside Electron: $XDG_DATA_HOME/miaopi-kiosk or ~/.local/share/miaopi-kiosk. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, APP_FOLDER);
}
