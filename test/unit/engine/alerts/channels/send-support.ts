/**
 * What the channel tests share: the test certificate their local servers present (trusted only when
 * a test passes it as `ca`), a sender on a fake clock, and the AlertSendError a send failed with.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createChannelSender } from '../../../../../electron/engine/alerts/channel-send';
import { AlertSendError } from '../../../../../electron/engine/alerts/send-failure';
import { fakeClock } from '../../../../support/fake-clock';
import { settlesWithin } from '../../../../support/hang-guard';

const FIXTURES = new URL('../../network/fixtures/', import.meta.url);
export const CERT = readFileSync(new URL('localhost-cert.pem', FIXTURES), 'utf8');
export const KEY = readFileSync(new URL('localhost-key.pem', FIXTURES), 'utf8');

export const sender = (extra: { ca?: string; timeoutMs?: number } = { ca: CERT }) => createChannelSender({ clock: fakeClock(), ...extra });
export const signal = () => new AbortController().signal;

/** The AlertSendError a send failed with (the test fails if it was delivered, or did not settle). */
export async function failure(send: Promise<unknown>): Promise<AlertSendError> {
  const error = await settlesWithin(
    send.then(
      () => undefined,
      (e: unknown) => e,
    ),
    'the send',
    10_000,
  );
  expect(error).toBeInstanceOf(AlertSendError);
  return error as AlertSendError;
}
