/**
 * The devices section of the configuration file, as maintenance shows and edits it
 * (drivers, serial paths and baud rates, the laser printer's URI and job timeout). An
 * edit is validated with the kiosk's own configuration schema, as the whole file it
 * would make, so a bad value is refused naming its field exactly as a bad file would be
 * at start-up. A valid edit is saved atomically (temporary file, rename) with the old
 * file kept as FILE.bak. The running devices keep their settings: the devices, the
 * print queue and a session under way all hold them, so the new ones apply when the
 * kiosk starts again (the technician can restart it from maintenance when the shell can).
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError, readConfigFile, validateConfig, type ConfigProblem, type LoadedConfig } from '../config/load';
import type { KioskConfig } from '../config/schema';
import { replaceFileAtomically } from '../updates/durable-file';

export interface DeviceConfigView {
  /** The file edits are saved to. */
  file: string;
  /** The devices section as saved (defaults filled in). */
  devices: KioskConfig['devices'];
  /** The saved settings differ from those the devices run with: they apply at the next start. */
  pendingRestart: boolean;
  /** The WLT photo decoders devices.idcard.wltDecoder may name: those installed with the app. */
  wltDecoders: string[];
}

export type DeviceConfigSave = ({ saved: true; backup: string | null } & DeviceConfigView) | { saved: false; problems: ConfigProblem[] };

export class DeviceConfigEditor {
  /** The devices section the kiosk runs with (from the start-up configuration). */
  private readonly running: KioskConfig['devices'];

  constructor(
    private readonly loaded: Pick<LoadedConfig, 'config' | 'file' | 'dataDir'>,
    private readonly audit: { append(event: string, data: unknown): unknown },
    private readonly wltDecoders: readonly string[],
  ) {
    this.running = loaded.config.devices;
  }

  /** The configuration file: the one read at start-up, or kiosk.json in the user-data folder, where the next start looks. */
  get file(): string {
    return this.loaded.file ?? join(this.loaded.dataDir, 'kiosk.json');
  }

  view(): DeviceConfigView {
    const devices = validateConfig(this.fileContent(), this.file).devices;
    return { file: this.file, devices, pendingRestart: !isDeepStrictEqual(devices, this.running), wltDecoders: [...this.wltDecoders] };
  }

  save(devices: unknown): DeviceConfigSave {
    const content = { ...this.fileContent(), devices };
    let validated: KioskConfig;
    try {
      validated = validateConfig(content, this.file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return this.refuse(error.problems);
    }
    const decoder = validated.devices.idcard.driver === 'sam-serial' ? validated.devices.idcard.wltDecoder : undefined;
    if (decoder !== undefined && !this.wltDecoders.includes(decoder)) {
      return this.refuse([{ field: 'devices.idcard.wltDecoder', message: `expected one of the decoders installed with the app: ${this.wltDecoders.join(', ')}` }]);
    }
    // What the technician typed is saved as typed; the defaults stay implicit, as in a hand-written file.
    const backup = existsSync(this.file) ? `${this.file}.bak` : null;
    if (backup) copyFileSync(this.file, backup);
    replaceFileAtomically(this.file, `${JSON.stringify(content, null, 2)}\n`);
    const pendingRestart = !isDeepStrictEqual(validated.devices, this.running);
    this.audit.append('maintenance.config-saved', { file: this.file, drivers: driversOf(validated.devices), pendingRestart });
    return { saved: true, backup, file: this.file, devices: validated.devices, pendingRestart, wltDecoders: [...this.wltDecoders] };
  }

  private refuse(problems: readonly ConfigProblem[]): DeviceConfigSave {
    this.audit.append('maintenance.config-refused', { fields: problems.map((p) => p.field) });
    return { saved: false, problems: [...problems] };
  }

  /** The file as written (not merged with the environment's overrides, which are not the file's to keep). */
  private fileContent(): Record<string, unknown> {
    if (!existsSync(this.file)) return {};
    const raw = readConfigFile(this.file);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  }
}

function driversOf(devices: KioskConfig['devices']): Record<string, string> {
  return Object.fromEntries(Object.entries(devices).map(([kind, device]) => [kind, device.driver]));
}
