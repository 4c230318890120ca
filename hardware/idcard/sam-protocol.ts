/**
 * The commands the kiosk sends to the SAM module and the SW3 status codes it answers
 * with. SW1 and SW2 are always 00 00 in practice; SW3 carries the outcome.
 */
import type { SamRequest } from './sam-frame';

export const SAM_COMMANDS = {
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readCard: { cmd: 0x30, para: 0x01 },
} as const;

export type SamCommandName = keyof typeof SAM_COMMANDS;

export const SAM_STATUS = {
  ok: 0x90,
  cardFound: 0x9f,
  noCard: 0x80,
  selectFailed: 0x81,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  readFailed: 0x41,
} as const;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  [SAM_STATUS.ok]: 'ok',
  [SAM_STATUS.cardFound]: 'card found',
  [SAM_STATUS.noCard]: 'no card',
  [SAM_STATUS.selectFailed]: 'select card failed',
  [SAM_STATUS.checksumError]: 'request checksum error',
  [SAM_STATUS.lengthError]: 'request length error',
  [SAM_STATUS.commandError]: 'command error',
  [SAM_STATUS.readFailed]: 'read card failed',
};

export const hexByte = (byte: number) => `0x${byte.toString(16).padStart(2, '0').toUpperCase()}`;

export function describeSamStatus(sw3: number): string {
  return `${STATUS_TEXT[sw3] ?? 'unknown status'} (SW3 ${hexByte(sw3)})`;
}

export function samRequest(name: SamCommandName): SamRequest {
  return { ...SAM_COMMANDS[name], data: new Uint8Array(0) };
}

export function commandNameOf(request: Pick<SamRequest, 'cmd' | 'para'>): SamCommandName | undefined {
  return (Object.keys(SAM_COMMANDS) as SamCommandName[]).find(
    (name) => SAM_COMMANDS[name].cmd === request.cmd && SAM_COMMANDS[name].para === request.para,
  );
}
