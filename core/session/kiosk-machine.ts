/**
 * The applicant's journey as a state machine (XState). The foundation holds the
 * attract loop and the welcome step; the registration and deregistration paths
 * extend it. Every state outside attract has an inactivity timeout: first a warning
 * with a countdown, then the session is wiped and the kiosk attracts again.
 */
import { assign, setup } from 'xstate';
import type { Language, SessionCommand } from '../contract';

export interface KioskMachineInput {
  defaultLanguage: Language;
  inactivityTimeoutMs: number;
  inactivityWarningMs: number;
}

export interface KioskContext extends KioskMachineInput {
  language: Language;
  lastActivityAt: number | null;
}

export const kioskMachine = setup({
  types: {
    context: {} as KioskContext,
    events: {} as SessionCommand,
    input: {} as KioskMachineInput,
  },
  delays: {
    untilWarning: ({ context }) => context.inactivityTimeoutMs - context.inactivityWarningMs,
    untilWipe: ({ context }) => context.inactivityWarningMs,
  },
  actions: {
    noteActivity: assign({ lastActivityAt: () => Date.now() }),
    // Everything the applicant gave us goes; only the kiosk's own settings stay.
    wipeSession: assign(({ context }) => ({ ...context, language: context.defaultLanguage, lastActivityAt: null })),
    setLanguage: assign({
      language: ({ event }) => (event.type === 'SET_LANGUAGE' ? event.language : 'zh-CN'),
    }),
  },
}).createMachine({
  id: 'kiosk',
  context: ({ input }) => ({ ...input, language: input.defaultLanguage, lastActivityAt: null }),
  initial: 'attract',
  states: {
    attract: {
      entry: 'wipeSession',
      on: {
        START: { target: 'welcome' },
        SET_LANGUAGE: { actions: 'setLanguage' },
      },
    },
    welcome: {
      entry: 'noteActivity',
      initial: 'active',
      states: {
        active: { after: { untilWarning: 'warning' } },
        warning: { after: { untilWipe: '#kiosk.attract' } },
      },
      on: {
        ACTIVITY: { target: '.active', reenter: true, actions: 'noteActivity' },
        SET_LANGUAGE: { target: '.active', reenter: true, actions: ['setLanguage', 'noteActivity'] },
        CANCEL: { target: 'attract' },
      },
    },
  },
});
