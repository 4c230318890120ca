/**
 * The renderer's side of maintenance: closed, the PIN pad, or open with the token the
 * core handed out. The core decides; this only follows. A call answered `denied` (the
 * token idled out) and the core's maintenance.state event both close the screens.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Granted, KioskBridge, MethodName, Params, Result, UnlockResult } from '../contract';

/** new-pin: opened with the shipped PIN, which the core lets nothing past until it is replaced. */
export type MaintenancePhase = { phase: 'closed' } | { phase: 'pin' } | { phase: 'new-pin'; token: string } | { phase: 'open'; token: string };

/** The answer to a new PIN: accepted (maintenance opens) or why not. */
export type NewPinAnswer = { status: 'ok' } | { status: 'new-pin-refused'; problem: Extract<GrantedValue<'maintenance.pin.change'>, { changed: false }>['problem'] };

/** The maintenance calls that take the token and answer Granted. */
type GuardedMethod = {
  [M in MethodName]: Params<M> extends { token: string } ? (Result<M> extends Granted<unknown> ? M : never) : never;
}[MethodName];

type GrantedValue<M extends GuardedMethod> = Extract<Result<M>, { status: 'ok' }>['value'];

export interface Maintenance {
  state: MaintenancePhase;
  showPinPad(): void;
  close(): void;
  unlock(pin: string): Promise<UnlockResult>;
  changePin(pin: string): Promise<NewPinAnswer>;
  /** A maintenance call with the open token; undefined when the core denied it (the screens then close). */
  call<M extends GuardedMethod>(method: M, params: Omit<Params<M>, 'token'>): Promise<GrantedValue<M> | undefined>;
  lock(): Promise<void>;
}

export function useMaintenance(bridge: KioskBridge): Maintenance {
  const [state, setState] = useState<MaintenancePhase>({ phase: 'closed' });

  useEffect(
    () =>
      bridge.on('maintenance.state', (event) => {
        if (!event.open) setState({ phase: 'closed' });
      }),
    [bridge],
  );

  const token = state.phase === 'open' ? state.token : undefined;

  const unlock = useCallback(
    async (pin: string) => {
      const answer = await bridge.call('maintenance.unlock', { pin });
      if (answer.status === 'ok') setState({ phase: answer.pinChangeRequired ? 'new-pin' : 'open', token: answer.token });
      return answer;
    },
    [bridge],
  );

  const changePin = useCallback(
    async (pin: string): Promise<NewPinAnswer> => {
      if (state.phase !== 'new-pin') return { status: 'ok' };
      const answer = await bridge.call('maintenance.pin.change', { token: state.token, pin });
      if (answer.status !== 'ok') {
        setState({ phase: 'closed' });
        return { status: 'ok' };
      }
      if (!answer.value.changed) return { status: 'new-pin-refused', problem: answer.value.problem };
      setState({ phase: 'open', token: state.token });
      return { status: 'ok' };
    },
    [bridge, state],
  );

  const call = useCallback(
    async <M extends GuardedMethod>(method: M, params: Omit<Params<M>, 'token'>): Promise<GrantedValue<M> | undefined> => {
      if (!token) return undefined;
      const answer = (await bridge.call(method, { ...params, token } as Params<M>)) as Granted<GrantedValue<M>>;
      if (answer.status === 'ok') return answer.value;
      setState({ phase: 'closed' });
      return undefined;
    },
    [bridge, token],
  );

  const lock = useCallback(async () => {
    if (token) await bridge.call('maintenance.lock', { token });
    setState({ phase: 'closed' });
  }, [bridge, token]);

  return {
    state,
    showPinPad: useCallback(() => setState({ phase: 'pin' }), []),
    close: useCallback(() => setState({ phase: 'closed' }), []),
    unlock,
    changePin,
    call,
    lock,
  };
}
