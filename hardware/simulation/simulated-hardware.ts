/**
 * The three emulated devices of a kiosk and one typed handle to act on them: put a
 * fixture ID card on the reader, run the receipt printer out of paper, stop the laser
 * queue. The DeviceManager runs the real drivers against these emulators in-process;
 * `kioskctl sim start` puts the same emulators on pseudo-terminals.
 */
import { FIXTURE_CARDS, type FixtureCardName } from '../idcard/fixtures';
import { SamEmulator } from '../idcard/sam-emulator';
import { IppPrinterEmulator, type IppEmulatorOptions, type LaserFault, type ReceivedDocument } from '../laser/ipp-emulator';
import { EscPosEmulator } from '../thermal/escpos-emulator';
import type { Slip } from '../thermal/paper-model';

export type ThermalFault = 'paper-end' | 'cover-open' | 'unplug';
export const THERMAL_FAULTS: readonly ThermalFault[] = ['paper-end', 'cover-open', 'unplug'];
export { LASER_FAULTS, type LaserFault } from '../laser/ipp-emulator';

export const FIXTURE_NAMES = Object.keys(FIXTURE_CARDS) as FixtureCardName[];

export function isFixtureName(value: string): value is FixtureCardName {
  return (FIXTURE_NAMES as readonly string[]).includes(value);
}

/** A serial line that can be pulled, e.g. an emulatedBinding; absent on a pty. */
export interface PluggableLine {
  unplug(): void;
  replug(): void;
}

export interface SimulationHandle {
  readonly idcard: {
    /** Places a fixture card (see hardware/idcard/fixtures.ts) on the reader. */
    insert(fixture: FixtureCardName): void;
    remove(): void;
  };
  readonly thermal: {
    fault(fault: ThermalFault): void;
    /** New paper, cover closed, cable back in. */
    clear(): void;
    /** Slips cut off so far, as the emulator decoded them (render with paper-render.ts). */
    printedPages(): readonly Slip[];
  };
  readonly laser: {
    fault(fault: LaserFault): void;
    clear(): void;
    receivedDocuments(): readonly ReceivedDocument[];
    /** The job titles of everything printed, oldest first (the last 10,000), for counting copies. */
    printedTitles(): readonly string[];
  };
}

export class SimulatedHardware {
  readonly sam = new SamEmulator();
  readonly escpos = new EscPosEmulator();
  readonly laserEmulator: IppPrinterEmulator;
  private thermalLine: PluggableLine | undefined;

  constructor(laser: IppEmulatorOptions = {}) {
    this.laserEmulator = new IppPrinterEmulator(laser);
  }

  /** In-process, 'unplug' also breaks the driver's serial line, so it sees a disconnect. */
  setThermalLine(line: PluggableLine): void {
    this.thermalLine = line;
  }

  readonly handle: SimulationHandle = {
    idcard: {
      insert: (fixture) => {
        if (!isFixtureName(fixture)) throw new RangeError(`no fixture card "${String(fixture)}"; known: ${FIXTURE_NAMES.join(', ')}`);
        this.sam.insertCard(FIXTURE_CARDS[fixture]);
      },
      remove: () => this.sam.removeCard(),
    },
    thermal: {
      fault: (fault) => {
        if (fault === 'paper-end') this.escpos.runOutOfPaper();
        else if (fault === 'cover-open') this.escpos.openCover();
        else {
          this.escpos.unplug();
          this.thermalLine?.unplug();
        }
      },
      clear: () => {
        this.escpos.loadPaper();
        this.escpos.closeCover();
        this.escpos.clearCutter();
        this.escpos.replug();
        this.thermalLine?.replug();
      },
      printedPages: () => this.escpos.slips,
    },
    laser: {
      fault: (fault) => this.laserEmulator.injectFault(fault),
      clear: () => this.laserEmulator.clearFault(),
      receivedDocuments: () => this.laserEmulator.receivedDocuments(),
      printedTitles: () => this.laserEmulator.printedTitles(),
    },
  };

  async close(): Promise<void> {
    await this.laserEmulator.close();
  }
}
