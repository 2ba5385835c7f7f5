import { describe, expect, it } from 'vitest';
import { CALL_NAMES, type CallName, type Handlers } from '../../../../shared/contract';
import { CallRefusedError, dispatchCall } from '../../../../shared/dispatch';
import { CALL_ACTIVITIES, describeFailedCall } from '../../../../renderer/src/api/call-activities';
import { ContractCallError, describeError } from '../../../../renderer/src/api/contract-call-error';
import { createApi } from '../../../../renderer/src/api/create-api';
import type { Transport } from '../../../../renderer/src/api/transport';
import { AT_THE_DESK } from '../../../support/caller';

/** Handlers that all fail the way the engine's do: an unexpected error, or a refusal. */
function failingHandlers(how: 'throws' | 'refuses'): Handlers {
  return Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      () => {
        throw how === 'throws' ? new Error('the store is locked') : new CallRefusedError('There is no such thing.', 'invalid_input');
      },
    ]),
  ) as unknown as Handlers;
}

/** A transport that hands every call to the shared dispatcher, as both the IPC and WebSocket hosts do. */
function dispatchingTransport(handlers: Handlers, input: (name: CallName) => unknown = () => ({})): Transport {
  return {
    kind: 'ipc',
    state: 'open',
    request: (name: CallName) => dispatchCall(handlers, name, input(name), AT_THE_DESK),
    on: () => () => {},
    onStateChange: () => () => {},
    close: () => {},
  } as unknown as Transport;
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return describeError(error);
  }
  throw new Error('the call did not fail');
}

const calledName = new RegExp(`\\b(${CALL_NAMES.join('|')})\\b`);

describe('what a failed call says to the person', () => {
  it('says what they were doing for every call, never a call name', async () => {
    for (const how of ['throws', 'refuses'] as const) {
      const api = createApi(dispatchingTransport(failingHandlers(how)));
      for (const name of CALL_NAMES) {
        const shown = await messageOf(api.call(name, {} as never));
        expect(shown, `${name} (${how})`).not.toMatch(calledName);
        expect(shown).toMatch(/^Could not [a-z]/);
      }
    }
  });

  it('names the activity and keeps the reason when the engine refuses the input', async () => {
    const api = createApi(dispatchingTransport(failingHandlers('throws'), () => ({ nonsense: 1 })));
    const shown = await messageOf(api.call('findTenants', {} as never));
    expect(shown).toMatch(/^Could not search tenants: the input is not valid \(.+\)\.$/);
    expect(shown).not.toMatch(calledName);
  });

  it('turns the engine’s "<call> failed: why" into what the person was doing and why', () => {
    expect(describeFailedCall('findTenants', 'findTenants failed: The Civica Cx integration is not enabled.')).toBe(
      'Could not search tenants: The Civica Cx integration is not enabled.',
    );
    const error = new ContractCallError('getTascomiSettings', 'timeout', 'it was never sent: no connection to the engine for 10 s.');
    expect(error.message).toBe('Could not read the Tascomi settings: it was never sent: no connection to the engine for 10 s.');
    expect(error.reason).toBe('it was never sent: no connection to the engine for 10 s.');
  });

  it('has words for every call, none of them a call name', () => {
    expect(Object.keys(CALL_ACTIVITIES).sort()).toEqual([...CALL_NAMES].sort());
    for (const words of Object.values(CALL_ACTIVITIES)) expect(words).not.toMatch(calledName);
  });
});
