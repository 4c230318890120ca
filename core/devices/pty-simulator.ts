/**
 * The emulated devices on real pseudo-terminals and a loopback IPP port, for a
 * developer or technician who runs the real drivers (or a whole kiosk) against them:
 * what `kioskctl sim start` runs.
 */
import { startEmulatorOnPty } from '../../hardware/serial/emulator-on-pty';
import { SimulatedHardware } from '../../hardware/simulation/simulated-hardware';
import type { KioskConfig } from '../config/schema';
import { SIMULATED_WLT_DECODER } from './device-manager';

export interface SimulatorPaths {
  /** Serial path of the emulated ID card reader. */
  readonly idcard: string;
  /** Serial path of the emulated receipt printer. */
  readonly thermal: string;
  /** IPP URI of the emulated laser printer's queue. */
  readonly laser: string;
}

export interface PtySimulator {
  readonly hardware: SimulatedHardware;
  readonly paths: SimulatorPaths;
  close(): Promise<void>;
}

export interface PtySimulatorOptions {
  /** Where the laser emulator writes the PDFs it prints; memory only without. */
  readonly documentsDir?: string;
}

export async function startPtySimulator(options: PtySimulatorOptions = {}): Promise<PtySimulator> {
  const hardware = new SimulatedHardware(options.documentsDir ? { documentsDir: options.documentsDir } : {});
  const started: { close(): Promise<void> }[] = [hardware];
  const close = async () => {
    await Promise.allSettled(started.map((part) => part.close()));
  };
  try {
    const idcard = await startEmulatorOnPty(hardware.sam);
    started.push(idcard);
    const thermal = await startEmulatorOnPty(hardware.escpos);
    started.push(thermal);
    // The driver turns ipp:// into HTTP on the given port, as CUPS's own URIs read.
    const laser = (await hardware.laserEmulator.start()).replace(/^http:/u, 'ipp:');
    return { hardware, paths: { idcard: idcard.hostPath, thermal: thermal.hostPath, laser }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The devices section that points a kiosk's real drivers at a running simulator. */
export function simulatorDevicesConfig(paths: SimulatorPaths): Omit<KioskConfig['devices'], 'camera'> {
  return {
    idcard: { driver: 'sam-serial', path: paths.idcard, baudRate: 115200, wltDecoder: SIMULATED_WLT_DECODER },
    thermal: { driver: 'escpos-serial', path: paths.thermal, baudRate: 115200 },
    laser: { driver: 'ipp', printerUri: paths.laser, jobTimeoutSeconds: 120 },
  };
}
