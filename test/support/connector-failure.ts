/** Tests: the ConnectorError a call fails with (the test fails when it succeeds or throws anything else). */
import { expect } from 'vitest';
import { ConnectorError } from '../../electron/engine/connectors/errors';

export async function connectorFailure(call: Promise<unknown> | (() => Promise<unknown>)): Promise<ConnectorError> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error('expected a ConnectorError, but the call succeeded');
}
