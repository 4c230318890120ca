/**
 * The control channel of a running `kioskctl sim start`: a unix socket on which other
 * kioskctl commands ask it to inject or clear a fault, or to place or take away an ID
 * card. One JSON line in, one JSON line out, checked with zod on arrival.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { FIXTURE_NAMES, LASER_FAULTS, THERMAL_FAULTS, type SimulationHandle } from '../../hardware/simulation/simulated-hardware';

const fixtureName = z.enum(FIXTURE_NAMES as [string, ...string[]], { message: `expected a fixture card: ${FIXTURE_NAMES.join(', ')}` });

export const SimRequest = z.union([
  z.object({ action: z.literal('fault'), device: z.literal('thermal'), fault: z.enum(THERMAL_FAULTS as [string, ...string[]]) }).strict(),
  z.object({ action: z.literal('fault'), device: z.literal('laser'), fault: z.enum(LASER_FAULTS as [string, ...string[]]) }).strict(),
  z.object({ action: z.literal('clear'), device: z.enum(['thermal', 'laser']) }).strict(),
  z.object({ action: z.literal('card-insert'), fixture: fixtureName }).strict(),
  z.object({ action: z.literal('card-remove') }).strict(),
]);
export type SimRequest = z.output<typeof SimRequest>;

const SimResponse = z.union([z.object({ ok: z.literal(true), message: z.string() }), z.object({ ok: z.literal(false), error: z.string() })]);
export type SimResponse = z.output<typeof SimResponse>;

/** Where `kioskctl sim` listens unless told otherwise: per user, in the runtime folder. */
export function defaultSimSocket(env: NodeJS.ProcessEnv = process.env): string {
  return env.KIOSK_SIM_SOCKET ?? join(env.XDG_RUNTIME_DIR ?? tmpdir(), `miaopi-kiosk-sim-${userInfo().uid}.sock`);
}

/** Applies one request to the emulators; says what it did. */
export function applySimRequest(simulation: SimulationHandle, request: SimRequest): string {
  switch (request.action) {
    case 'fault':
      if (request.device === 'thermal') simulation.thermal.fault(request.fault as Parameters<SimulationHandle['thermal']['fault']>[0]);
      else simulation.laser.fault(request.fault as Parameters<SimulationHandle['laser']['fault']>[0]);
      return `${request.device}: ${request.fault}`;
    case 'clear':
      simulation[request.device].clear();
      return `${request.device}: cleared`;
    case 'card-insert':
      simulation.idcard.insert(request.fixture as Parameters<SimulationHandle['idcard']['insert']>[0]);
      return `idcard: card ${request.fixture} inserted`;
    case 'card-remove':
      simulation.idcard.remove();
      return 'idcard: card removed';
  }
}

export interface SimControlServer {
  readonly socketPath: string;
  close(): Promise<void>;
}

export async function startSimControlServer(socketPath: string, simulation: SimulationHandle): Promise<SimControlServer> {
  if (existsSync(socketPath)) {
    if (await answers(socketPath)) throw new Error(`a simulator is already running on ${socketPath}`);
    // Left behind by a simulator that was killed.
    unlinkSync(socketPath);
  }
  const server: Server = createServer((socket) => serve(socket, simulation));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        // server.close unlinks the socket file.
        server.close(() => resolve());
      }),
  };
}

function serve(socket: Socket, simulation: SimulationHandle): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    const end = buffered.indexOf('\n');
    if (end < 0) return;
    socket.end(`${JSON.stringify(handleLine(buffered.slice(0, end), simulation))}\n`);
  });
}

function handleLine(line: string, simulation: SimulationHandle): SimResponse {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not a JSON request' };
  }
  const parsed = SimRequest.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((issue) => issue.message).join('; ') };
  try {
    return { ok: true, message: applySimRequest(simulation, parsed.data) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Sends one request to a running simulator. Rejects when none listens on socketPath. */
export function sendSimRequest(socketPath: string, request: SimRequest, timeoutMs = 2000): Promise<SimResponse> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the simulator on ${socketPath} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const notRunning = error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
      reject(new Error(notRunning ? `no simulator is running on ${socketPath}; start one with \`kioskctl sim start\`` : error.message));
    });
    socket.on('end', () => {
      clearTimeout(timer);
      const parsed = SimResponse.safeParse(safeJson(answer.trim()));
      if (parsed.success) resolve(parsed.data);
      else reject(new Error(`the simulator on ${socketPath} gave an answer kioskctl does not understand`));
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
