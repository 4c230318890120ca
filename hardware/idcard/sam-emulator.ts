/**
 * The device side of an ID card reader: answers SAM requests like a real reader, with a
 * card that can be placed and taken away and faults that can be injected. It only sees
 * bytes, so it sits on a pty (attachEmulatorToPath) or behind a mock binding.
 */
import type { ByteSender, SerialEmulator } from '../serial/serial-emulator';
import { encodeCardText, type IdCardText } from './card-text';
import { encodeReadPayload } from './read-response';
import { createRequestDecoder, encodeResponse, type SamRequest } from './sam-frame';
import { SAM_STATUS, commandNameOf, type SamCommandName } from './sam-protocol';
import { simulatedWlt } from './simulated-wlt';

export type SamFault =
  /** The next answer goes out with a wrong checksum. */
  | { readonly kind: 'bad-checksum' }
  /** The next answer is this SW3 code, without data. */
  | { readonly kind: 'status'; readonly sw3: number }
  /** The next request gets no answer. */
  | { readonly kind: 'silence' }
  /** The next answer comes after this delay. */
  | { readonly kind: 'delay'; readonly ms: number };

export interface FaultScope {
  /** Only requests of this command consume the fault; any command when absent. */
  readonly command?: SamCommandName;
  /** How many answers it spoils; Infinity for a persistent fault. Default 1. */
  readonly times?: number;
}

export interface EmulatedCard {
  readonly text: IdCardText;
  /** The 1024 WLT bytes; by default the simulated-photo token for the card's ID number. */
  readonly wlt?: Uint8Array;
}

export interface HandledRequest {
  /** undefined for a request the reader did not understand or could not parse. */
  readonly command: SamCommandName | undefined;
  readonly sw3: number | undefined;
}

interface ActiveFault {
  readonly fault: SamFault;
  readonly command: SamCommandName | undefined;
  remaining: number;
}

interface InsertedCard {
  readonly text: Uint8Array;
  readonly wlt: Uint8Array;
}

type RequestListener = (command: SamCommandName | undefined) => void;

/** How many answered requests `handled` keeps. */
export const HANDLED_KEPT = 200;

const FIND_DATA = new Uint8Array(4);
const SELECT_DATA = new Uint8Array(8);
const NO_DATA = new Uint8Array(0);

export class SamEmulator implements SerialEmulator {
  private readonly decoder = createRequestDecoder();
  private send: ByteSender = () => undefined;
  private card: InsertedCard | undefined;
  private selected = false;
  private faults: ActiveFault[] = [];
  private readonly requestListeners = new Set<RequestListener>();
  /**
   * What the emulator answered, oldest first, for tests: the newest HANDLED_KEPT only, as
   * a kiosk on the simulator polls its reader for as long as it runs.
   */
  readonly handled: HandledRequest[] = [];

  setSender(send: ByteSender): void {
    this.send = send;
  }

  onData(bytes: Uint8Array): void {
    for (const result of this.decoder.push(bytes)) {
      if (result.type === 'error') {
        const sw3 = result.error.kind === 'bad-checksum' ? SAM_STATUS.checksumError : SAM_STATUS.lengthError;
        this.answer(undefined, sw3, NO_DATA);
      } else {
        this.handle(result.frame);
      }
    }
  }

  insertCard(card: EmulatedCard): void {
    this.card = { text: encodeCardText(card.text), wlt: card.wlt ?? simulatedWlt(card.text.idNumber) };
    this.selected = false;
  }

  removeCard(): void {
    this.card = undefined;
    this.selected = false;
  }

  hasCard(): boolean {
    return this.card !== undefined;
  }

  injectFault(fault: SamFault, scope: FaultScope = {}): void {
    this.faults.push({ fault, command: scope.command, remaining: scope.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Called for each parsed request before it is answered, e.g. to take the card away mid-read. */
  onRequest(listener: RequestListener): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  private handle(request: SamRequest): void {
    const command = commandNameOf(request);
    for (const listener of this.requestListeners) listener(command);
    const [sw3, data] = command ? this.execute(command) : [SAM_STATUS.commandError, NO_DATA];
    this.answer(command, sw3, data);
  }

  private execute(command: SamCommandName): [number, Uint8Array] {
    switch (command) {
      case 'findCard':
        return this.card ? [SAM_STATUS.cardFound, FIND_DATA] : [SAM_STATUS.noCard, NO_DATA];
      case 'selectCard':
        this.selected = this.card !== undefined;
        return this.selected ? [SAM_STATUS.ok, SELECT_DATA] : [SAM_STATUS.selectFailed, NO_DATA];
      case 'readCard':
        return this.card && this.selected
          ? [SAM_STATUS.ok, encodeReadPayload(this.card)]
          : [SAM_STATUS.readFailed, NO_DATA];
    }
  }

  private record(request: HandledRequest): void {
    this.handled.push(request);
    if (this.handled.length > HANDLED_KEPT) this.handled.splice(0, this.handled.length - HANDLED_KEPT);
  }

  private answer(command: SamCommandName | undefined, sw3: number, data: Uint8Array): void {
    const fault = this.takeFault(command);
    if (fault?.kind === 'silence') {
      this.record({ command, sw3: undefined });
      return;
    }
    const status = fault?.kind === 'status' ? fault.sw3 : sw3;
    const frame = encodeResponse({ sw1: 0, sw2: 0, sw3: status, data: fault?.kind === 'status' ? NO_DATA : data });
    if (fault?.kind === 'bad-checksum') frame[frame.length - 1] = (frame.at(-1) as number) ^ 0xff;
    this.record({ command, sw3: status });
    if (fault?.kind === 'delay') {
      const send = this.send;
      setTimeout(() => send(frame), fault.ms);
    } else {
      this.send(frame);
    }
  }

  private takeFault(command: SamCommandName | undefined): SamFault | undefined {
    const active = this.faults.find((f) => f.command === undefined || f.command === command);
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.faults = this.faults.filter((f) => f !== active);
    return active.fault;
  }
}
