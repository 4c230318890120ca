/**
 * `kioskctl sim`: the device emulators for a developer or technician.
 * - `sim start` puts the ID card reader and the receipt printer on pseudo-terminals and
 *   the laser printer on a loopback IPP port, prints `NAME PATH` per device and a config
 *   snippet for the real drivers, and runs until Ctrl-C.
 * - `sim fault`, `sim clear`, `sim card insert|remove` act on the running one through its
 *   control socket.
 */
import { Argument, type Command } from 'commander';
import { startPtySimulator, simulatorDevicesConfig } from '../devices/pty-simulator';
import { defaultSimSocket, sendSimRequest, startSimControlServer, type SimRequest } from '../devices/sim-control';
import { FIXTURE_NAMES, LASER_FAULTS, THERMAL_FAULTS } from '../../hardware/simulation/simulated-hardware';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

interface SocketOption {
  socket?: string;
}

const FAULTS_BY_DEVICE: Readonly<Record<'thermal' | 'laser', readonly string[]>> = { thermal: THERMAL_FAULTS, laser: LASER_FAULTS };

export function registerSimCommands(program: Command, io: CliIo): void {
  const sim = program
    .command('sim')
    .description('device emulators on pseudo-terminals: run them, inject faults, place ID cards')
    .option('--socket <path>', `control socket of the running simulator (default: $KIOSK_SIM_SOCKET or ${defaultSimSocket()})`);
  const socketOf = (): string => (sim.opts() as SocketOption).socket ?? defaultSimSocket();

  sim
    .command('start')
    .description('run the emulators until interrupted (Ctrl-C); prints one `NAME PATH` line per device')
    .option('--json', 'machine-readable output')
    .option('--documents <dir>', 'also write the PDFs the laser emulator prints to this folder')
    .action(async (options: { json?: boolean; documents?: string }) => {
      const simulator = await startPtySimulator(options.documents ? { documentsDir: options.documents } : {});
      let server;
      try {
        server = await startSimControlServer(socketOf(), simulator.hardware.handle);
      } catch (error) {
        await simulator.close();
        throw error;
      }
      const { paths } = simulator;
      const config = { devices: simulatorDevicesConfig(paths) };
      if (options.json) {
        io.result({ devices: paths, socket: server.socketPath, config }, true);
      } else {
        io.result(Object.entries(paths).map(([name, path]) => `${name} ${path}`).join('\n'));
        io.result(
          [
            '',
            `# control socket: ${server.socketPath}${options.documents ? `; printed PDFs: ${options.documents}` : ''}`,
            '# kiosk config pointing the real drivers at these devices:',
            JSON.stringify(config, null, 2),
            '# Ctrl-C stops the simulator.',
          ].join('\n'),
        );
      }
      await untilInterrupted();
      await server.close();
      await simulator.close();
    });

  sim
    .command('fault')
    .description('inject a fault into the running simulator')
    .addArgument(new Argument('<device>', 'the device').choices(['thermal', 'laser']))
    .argument('<fault>', `thermal: ${THERMAL_FAULTS.join(' | ')}; laser: ${LASER_FAULTS.join(' | ')}`)
    .action(async (device: 'thermal' | 'laser', fault: string) => {
      if (!FAULTS_BY_DEVICE[device].includes(fault)) {
        io.error(`kioskctl sim fault: ${device} has no fault "${fault}"; choose one of ${FAULTS_BY_DEVICE[device].join(', ')}`);
        io.exit(EXIT.usage);
      }
      await control(io, socketOf(), { action: 'fault', device, fault } as SimRequest);
    });

  sim
    .command('clear')
    .description('clear the faults of a device in the running simulator')
    .addArgument(new Argument('<device>', 'the device').choices(['thermal', 'laser']))
    .action(async (device: 'thermal' | 'laser') => {
      await control(io, socketOf(), { action: 'clear', device });
    });

  const card = sim.command('card').description('the ID card on the emulated reader');
  card
    .command('insert')
    .description('place a fixture ID card on the reader')
    .addArgument(new Argument('<fixture>', 'the fixture card').choices(FIXTURE_NAMES))
    .action(async (fixture: string) => {
      await control(io, socketOf(), { action: 'card-insert', fixture });
    });
  card
    .command('remove')
    .description('take the card off the reader')
    .action(async () => {
      await control(io, socketOf(), { action: 'card-remove' });
    });
}

async function control(io: CliIo, socketPath: string, request: SimRequest): Promise<void> {
  let answer;
  try {
    answer = await sendSimRequest(socketPath, request);
  } catch (error) {
    io.error(`kioskctl sim: ${(error as Error).message}`);
    io.exit(EXIT.usage);
  }
  if (!answer.ok) {
    io.error(`kioskctl sim: ${answer.error}`);
    io.exit(EXIT.negative);
  }
  io.result(answer.message);
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
