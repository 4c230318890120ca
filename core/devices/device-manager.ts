/**
 * Builds one port per device kind from the configuration and merges their statuses
 * into one list for the contract. Which class stands behind a port is decided here
 * and nowhere else.
 *
 * The default driver, 'simulator', is not a fake: it is the real driver speaking the
 * real wire protocol to an emulator in the same process (SAM and ESC/POS over an
 * emulated serial binding, IPP over a loopback socket), so everything above the
 * drivers runs exactly as on hardware. `simulation` is the handle to act on those
 * emulators; it is undefined when no device is simulated.
 */
import { join } from 'node:path';
import { ReportedCamera, type CameraReport } from '../../hardware/camera/reported-camera';
import { DEVICE_KINDS, DeviceError, type DeviceKind, type DevicePort, type DeviceStatus } from '../../hardware/device';
import { FIXTURE_PHOTO_DIR, fixturePhotoPaths } from '../../hardware/idcard/fixtures';
import { SamReader } from '../../hardware/idcard/sam-reader';
import { simulatedWltDecoder, type WltDecoder } from '../../hardware/idcard/wlt-decoder';
import { installedWltDecoders, loadInstalledWltDecoder, WLT_DECODERS_FOLDER } from '../../hardware/idcard/wlt-decoder-registry';
import { LaserPrinter } from '../../hardware/laser/laser-printer';
import { emulatedBinding } from '../../hardware/serial/emulated-binding';
import { SimulatedHardware, type SimulationHandle } from '../../hardware/simulation/simulated-hardware';
import { ThermalPrinter } from '../../hardware/thermal/thermal-printer';
import { findAppRoot } from '../address/address-paths';
import type { KioskConfig } from '../config/schema';

type DevicesConfig = KioskConfig['devices'];

export interface DeviceManagerOptions {
  /** The kiosk's data folder; the simulated laser printer files what it prints under it. */
  readonly dataDir?: string;
  /** The app folder, where the simulated ID cards' photos are; found upward by default. */
  readonly appRoot?: string;
}

export interface DeviceOpenFailure {
  readonly kind: DeviceKind;
  readonly message: string;
}

/** devices.idcard.wltDecoder for a real reader driver talking to the emulator (kioskctl sim). */
export const SIMULATED_WLT_DECODER = 'simulated';

/** Folder under dataDir for the simulated laser printer's output. */
export const SIMULATED_LASER_DIR = join('simulator', 'laser');

/** MockBinding keeps ports in one process-wide table: every manager needs its own paths. */
let simulatedLineNumber = 0;

interface BuiltDevices {
  readonly idcard: SamReader;
  readonly thermal: ThermalPrinter;
  readonly laser: LaserPrinter;
  readonly laserUri: string;
  readonly camera: ReportedCamera;
  readonly photoDecoder: WltDecoder;
  /** Why the configured WLT decoder could not be loaded; shown in the ID reader's status. */
  readonly decoderProblem: DeviceError | undefined;
  /** The names devices.idcard.wltDecoder may take: "simulated" and the decoders installed with the app. */
  readonly wltDecoders: readonly string[];
  readonly simulated: SimulatedHardware | undefined;
}

export class DeviceManager {
  private readonly ports: ReadonlyMap<DeviceKind, DevicePort>;
  private readonly listeners = new Set<(statuses: DeviceStatus[], changed: DeviceStatus) => void>();

  /** Builds the drivers (and the emulators behind simulated ones) without opening anything. */
  static async create(config: DevicesConfig, options: DeviceManagerOptions = {}): Promise<DeviceManager> {
    return new DeviceManager(config, await buildDevices(config, options));
  }

  private constructor(
    private readonly config: DevicesConfig,
    private readonly built: BuiltDevices,
  ) {
    const { idcard, thermal, laser, camera } = built;
    this.ports = new Map<DeviceKind, DevicePort>([
      ['idcard', idcard],
      ['thermal', thermal],
      ['laser', laser],
      ['camera', camera],
    ]);
    for (const port of this.ports.values()) port.onStatus((changed) => this.emit(this.present(changed)));
  }

  /**
   * Opens every device. A device that is missing or unplugged does not stop the kiosk:
   * its driver keeps trying and its status says what is wrong; the failures are returned
   * for the log.
   */
  async openAll(): Promise<DeviceOpenFailure[]> {
    const kinds = [...this.ports.keys()];
    const outcomes = await Promise.allSettled([...this.ports.values()].map((port) => port.open()));
    return outcomes.flatMap((outcome, i) =>
      outcome.status === 'rejected' ? [{ kind: kinds[i] as DeviceKind, message: (outcome.reason as Error).message }] : [],
    );
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.ports.values()].map((port) => port.close()));
    await this.built.simulated?.close();
    this.listeners.clear();
  }

  statuses(): DeviceStatus[] {
    return DEVICE_KINDS.map((kind) => this.present(this.port(kind).status()));
  }

  port(kind: DeviceKind): DevicePort {
    const port = this.ports.get(kind);
    if (!port) throw new Error(`no ${kind} device`);
    return port;
  }

  idCardReader(): SamReader {
    return this.built.idcard;
  }

  /** Turns the WLT photo of a reading into an image: the vendor's plug-in, or the simulated decoder. */
  photoDecoder(): WltDecoder {
    return this.built.photoDecoder;
  }

  /** The WLT decoders the configuration may choose (maintenance offers only these). */
  wltDecoderChoices(): readonly string[] {
    return this.built.wltDecoders;
  }

  thermalPrinter(): ThermalPrinter {
    return this.built.thermal;
  }

  laserPrinter(): LaserPrinter {
    return this.built.laser;
  }

  /** The IPP queue behind laserPrinter(): CUPS's, or the simulated queue's loopback address. */
  laserPrinterUri(): string {
    return this.built.laserUri;
  }

  /** Applies the renderer's report about its camera; returns the camera's status. */
  reportCamera(report: CameraReport): DeviceStatus {
    return this.built.camera.report(report);
  }

  /** Acts on the emulators behind simulated devices (tests, demos); undefined when none is simulated. */
  get simulation(): SimulationHandle | undefined {
    return this.built.simulated?.handle;
  }

  /** Whether a kind runs on the simulator driver. */
  isSimulated(kind: DeviceKind): boolean {
    return this.config[kind].driver === 'simulator';
  }

  allSimulated(): boolean {
    return DEVICE_KINDS.every((kind) => this.isSimulated(kind));
  }

  onChange(listener: (statuses: DeviceStatus[], changed: DeviceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(changed: DeviceStatus): void {
    const statuses = this.statuses();
    for (const listener of this.listeners) listener(statuses, changed);
  }

  /**
   * A status as the kiosk shows it: named after the configured driver (a simulated
   * printer says 'simulator', though a real ESC/POS driver talks to its emulator), and
   * with the WLT decoder's problem on the ID reader: a reader whose photos cannot be
   * decoded is of no use for an identity check.
   */
  private present(status: DeviceStatus): DeviceStatus {
    const shown = { ...status, driver: this.config[status.kind].driver };
    const problem = this.built.decoderProblem;
    if (status.kind !== 'idcard' || !problem || status.reasons.includes('not-open')) return shown;
    return { ...shown, level: 'error', reasons: [problem.reason, ...status.reasons], message: `${problem.message}; ${status.message}` };
  }
}

async function buildDevices(config: DevicesConfig, options: DeviceManagerOptions): Promise<BuiltDevices> {
  const anySimulated = DEVICE_KINDS.some((kind) => kind !== 'camera' && config[kind].driver === 'simulator');
  const simulated = anySimulated
    ? new SimulatedHardware(options.dataDir ? { documentsDir: join(options.dataDir, SIMULATED_LASER_DIR) } : {})
    : undefined;
  try {
    const decoder = await buildPhotoDecoder(config.idcard, options);
    return {
      idcard: buildIdCardReader(config.idcard, simulated),
      thermal: buildThermalPrinter(config.thermal, simulated),
      ...(await buildLaserPrinter(config.laser, simulated)),
      camera: new ReportedCamera(config.camera.driver),
      ...decoder,
      wltDecoders: [SIMULATED_WLT_DECODER, ...installedWltDecoders(wltDecodersFolder(options))],
      simulated,
    };
  } catch (error) {
    // Nothing may stay open when start-up fails half-way.
    await simulated?.close();
    throw error;
  }
}

function simulatedLine(kind: DeviceKind, emulator: Parameters<typeof emulatedBinding>[1]) {
  return emulatedBinding(`/dev/kiosk-sim-${kind}-${++simulatedLineNumber}`, emulator);
}

function buildIdCardReader(config: DevicesConfig['idcard'], simulated: SimulatedHardware | undefined): SamReader {
  if (config.driver === 'sam-serial') return new SamReader({ path: config.path, baudRate: config.baudRate });
  const line = simulatedLine('idcard', (simulated as SimulatedHardware).sam);
  return new SamReader({ path: line.path, binding: line.binding });
}

function buildThermalPrinter(config: DevicesConfig['thermal'], simulated: SimulatedHardware | undefined): ThermalPrinter {
  if (config.driver === 'escpos-serial') return new ThermalPrinter({ path: config.path, baudRate: config.baudRate, completion: config.completion });
  const hardware = simulated as SimulatedHardware;
  const line = simulatedLine('thermal', hardware.escpos);
  hardware.setThermalLine(line);
  return new ThermalPrinter({ path: line.path, binding: line.binding });
}

async function buildLaserPrinter(
  config: DevicesConfig['laser'],
  simulated: SimulatedHardware | undefined,
): Promise<Pick<BuiltDevices, 'laser' | 'laserUri'>> {
  if (config.driver === 'ipp') {
    const laser = new LaserPrinter({ printerUri: config.printerUri, jobTimeoutMs: config.jobTimeoutSeconds * 1000 });
    return { laser, laserUri: config.printerUri };
  }
  const laserUri = await (simulated as SimulatedHardware).laserEmulator.start();
  return { laser: new LaserPrinter({ printerUri: laserUri }), laserUri };
}

function wltDecodersFolder(options: DeviceManagerOptions): string {
  return join(options.appRoot ?? findAppRoot(), WLT_DECODERS_FOLDER);
}

async function buildPhotoDecoder(
  config: DevicesConfig['idcard'],
  options: DeviceManagerOptions,
): Promise<Pick<BuiltDevices, 'photoDecoder' | 'decoderProblem'>> {
  if (config.driver === 'simulator' || config.wltDecoder === SIMULATED_WLT_DECODER) {
    const photoDir = join(options.appRoot ?? findAppRoot(), FIXTURE_PHOTO_DIR);
    return { photoDecoder: simulatedWltDecoder(fixturePhotoPaths(photoDir)), decoderProblem: undefined };
  }
  try {
    return { photoDecoder: await loadInstalledWltDecoder(wltDecodersFolder(options), config.wltDecoder), decoderProblem: undefined };
  } catch (error) {
    const problem = error instanceof DeviceError ? error : new DeviceError('decoder-missing', (error as Error).message);
    // The kiosk still starts, so a technician sees the reason on the status screen and in kioskctl.
    return { photoDecoder: { decode: () => Promise.reject(problem) }, decoderProblem: problem };
  }
}
