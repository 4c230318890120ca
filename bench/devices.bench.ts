/**
 * Device layer figures on the default simulator (`npm run bench -- devices`): the real
 * drivers against the in-process emulators, as the kiosk starts them.
 * - DeviceManager.create + openAll (part of the start-up budget of `npm run start:web`);
 * - a full card read, find → select → read (target ≤ 300 ms);
 * - a licence slip through the ESC/POS driver, status checks before and after included;
 * - how long paper end takes to show in the status with the default poll (target ≤ 2 s).
 */
import { KioskConfig } from '../core/config/schema';
import { DeviceManager } from '../core/devices/device-manager';
import { sampleLicenceSlip } from '../hardware/thermal/sample-slips';

const START_TRIALS = 20;
const READ_TRIALS = 50;
const PRINT_TRIALS = 20;
const NOTICE_TRIALS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function figures(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `p50 ${at(0.5).toFixed(1)} ms, max ${at(1).toFixed(1)} ms (n=${times.length})`;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

const config = KioskConfig.parse({}).devices;

const starts: number[] = [];
for (let i = 0; i < START_TRIALS; i++) {
  let manager: DeviceManager | undefined;
  starts.push(await timed(async () => {
    manager = await DeviceManager.create(config);
    await manager.openAll();
  }));
  await manager?.closeAll();
}
console.log(`create + open all four devices: first ${(starts[0] as number).toFixed(1)} ms; ${figures(starts.slice(1))}`);

const devices = await DeviceManager.create(config);
await devices.openAll();
devices.simulation?.idcard.insert('zhangWei');
const reads: number[] = [];
for (let i = 0; i < READ_TRIALS; i++) reads.push(await timed(() => devices.idCardReader().readCard()));
console.log(`ID card read (find, select, read): ${figures(reads)}`);

const prints: number[] = [];
for (let i = 0; i < PRINT_TRIALS; i++) prints.push(await timed(() => devices.thermalPrinter().print(sampleLicenceSlip())));
console.log(`licence slip through the ESC/POS driver: ${figures(prints)}`);

const notices: number[] = [];
for (let i = 0; i < NOTICE_TRIALS; i++) {
  devices.simulation?.thermal.fault('paper-end');
  notices.push(await timed(async () => {
    while (!devices.thermalPrinter().status().reasons.includes('paper-end')) await sleep(5);
  }));
  devices.simulation?.thermal.clear();
  while (devices.thermalPrinter().status().level !== 'ok') await sleep(5);
}
console.log(`paper end shown in the status: ${figures(notices)}`);
await devices.closeAll();
