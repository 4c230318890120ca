/**
 * The contract server as a fuzz target: the renderer is untrusted, so every call a
 * compromised page could make goes to a real core over the in-memory transport (the
 * same framing as the WebSocket host). Every frame must get exactly one answer; a
 * refusal must be a clear bad-request or unknown-method, never `internal` (a handler
 * that threw); every answer and every pushed event must match the contract's schema.
 */
import type { z } from 'zod';
import { contract, METHOD_NAMES, WireCall, type EventName, type MessagePortLike, type MethodName } from '../../../core/contract';
import { SessionCommand } from '../../../core/contract/journey';
import type { ContractServer } from '../../../core/ipc/contract-server';
import { createInMemoryPair } from '../../../core/ipc/in-memory-transport';
import { serveMessageConnection } from '../../../core/ipc/message-connection';
import { FuzzCrash, type FuzzTarget, type Verdict } from './parser-targets';
import { sampleOf } from './schema-sample';
import type { Json, SeededRandom } from './seeded-random';

/** A handler that takes longer than this has hung, as far as the applicant can tell. */
const ANSWER_TIMEOUT_MS = 5000;

export interface Answer {
  kind: 'result';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

/** The renderer's end of an in-memory connection, speaking raw frames. */
export class RawClient {
  private readonly waiting = new Map<number, (answer: Answer) => void>();
  readonly badEvents: string[] = [];
  eventsSeen = 0;

  constructor(private readonly port: MessagePortLike) {
    port.onMessage((text) => this.receive(text));
  }

  /** Sends one frame; resolves with the answer filed under `answerId`. */
  exchange(frame: string, answerId: number): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(answerId);
        reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`));
      }, ANSWER_TIMEOUT_MS);
      this.waiting.set(answerId, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.port.send(frame);
    });
  }

  close(): void {
    this.port.close();
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as Answer | { kind: 'event'; name: EventName; payload: unknown };
    if (message.kind === 'event') {
      this.eventsSeen += 1;
      const schema = contract.events[message.name] as z.ZodType | undefined;
      if (!schema?.safeParse(message.payload).success) this.badEvents.push(message.name);
      return;
    }
    const resolve = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    resolve?.(message);
  }
}

const UNKNOWN_METHODS = ['', 'app', 'session.send ', 'Session.Send', '__proto__', 'constructor', 'toString', 'maintenance.*', 'x'.repeat(64), 'app.info\0'];

export interface ContractFuzz {
  targets: FuzzTarget[];
  /** Events pushed to the fuzzing client that broke their schema. */
  badEvents(): readonly string[];
  eventsSeen(): number;
  close(): void;
}

export function contractFuzz(server: ContractServer): ContractFuzz {
  const [renderer, core] = createInMemoryPair();
  serveMessageConnection(server, core, 'fuzz');
  const client = new RawClient(renderer);
  let nextId = 1;

  async function call(name: string, method: unknown, params: unknown): Promise<Verdict> {
    const frame = JSON.stringify({ kind: 'call', id: nextId++, method, params });
    const answer = await client.exchange(frame, wireId(frame));
    return judge(name, method, params, answer);
  }

  return {
    targets: [
      {
        name: 'contract: every method, params near and far from valid',
        trial(random) {
          const method = random.pick(METHOD_NAMES);
          return call(this.name, method, paramsFor(method, random));
        },
      },
      {
        name: 'contract: session commands',
        trial(random) {
          const command = sampleOf(SessionCommand, random);
          return call(this.name, 'session.send', random.chance(0.6) ? command : random.mutateJson(command));
        },
      },
      {
        name: 'contract: unknown methods and malformed frames',
        async trial(random) {
          const shape = random.int(0, 3);
          if (shape === 0) return call(this.name, random.chance(0.5) ? random.pick(UNKNOWN_METHODS) : random.text(30), random.json(2));
          // Frames the server cannot pair with a call are answered under id -1.
          const frame =
            shape === 1 ? random.text(200)
            : shape === 2 ? JSON.stringify(random.mutateJson({ kind: 'call', id: 1, method: 'app.info', params: {} }))
            : hugeOrDeepFrame(random);
          const answerId = wireId(frame);
          const answer = await client.exchange(frame, answerId);
          return judge(this.name, 'frame', frame.slice(0, 200), answer);
        },
      },
    ],
    badEvents: () => client.badEvents,
    eventsSeen: () => client.eventsSeen,
    close: () => client.close(),
  };
}

/** Frames no JSON.stringify of ours would make: over the size limit, or nested tens of thousands deep. */
function hugeOrDeepFrame(random: SeededRandom): string {
  const depth = random.int(1000, 30_000);
  return random.pick([
    () => `{"kind":"call","id":1,"method":"app.info","params":"${'x'.repeat(70_000)}"}`,
    () => `{"kind":"call","id":2,"method":"session.send","params":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    () => `{"kind":"call","id":3,"method":"session.send","params":{"type":"UPDATE_FORM","patch":{"scope":${'['.repeat(depth)}${']'.repeat(depth)}}}}`,
    () => `{"kind":"call","id":4,"method":"catalogue.search","params":${'{"q":'.repeat(depth / 10)}1${'}'.repeat(depth / 10)}}`,
  ])();
}

/** The id the server answers a raw frame under: its own id if it is a well-formed call (the wire schema), else -1. */
function wireId(frame: string): number {
  if (frame.length > 64 * 1024) return -1;
  try {
    const parsed = WireCall.safeParse(JSON.parse(frame));
    return parsed.success ? parsed.data.id : -1;
  } catch {
    return -1;
  }
}

function paramsFor(method: MethodName, random: SeededRandom): Json {
  const schema = contract.methods[method].params as z.ZodType;
  const roll = random.next();
  if (roll < 0.3) return sampleOf(schema, random);
  if (roll < 0.85) return random.mutateJson(sampleOf(schema, random));
  return random.json(3);
}

function judge(target: string, method: unknown, params: unknown, answer: Answer): Verdict {
  const input = { method, params };
  if (answer.ok) {
    const spec = typeof method === 'string' ? (contract.methods as Record<string, { result: z.ZodType }>)[method] : undefined;
    if (spec && !spec.result.safeParse(answer.value).success) throw new FuzzCrash(target, `${String(method)} answered outside its result schema`, input);
    return 'accepted';
  }
  const error = answer.error;
  if (!error || !error.message?.trim()) throw new FuzzCrash(target, 'a refusal without a message', input);
  if (error.code === 'internal') throw new FuzzCrash(target, `${String(method)} crashed in its handler: ${error.message}`, input);
  return 'rejected';
}
