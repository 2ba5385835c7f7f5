/** Test helpers: a settable clock for the emulator, and a client that signs like a real one. */
import { DEMO_KEYS, signHeaders, startTascomiEmulator, type TascomiEmulator, type TascomiEmulatorOptions } from '../../../emulators/tascomi/index';
import { closedAfterTest, readReply, settableClock, type Reply, type TestClock } from '../common-helpers';

export type { Reply, TestClock } from '../common-helpers';

export function testClock(iso = '2024-01-15T14:32:10Z'): TestClock {
  return settableClock(iso);
}

/** Starts an emulator on the injected clock; it is closed after the test. */
export async function emulator(options: TascomiEmulatorOptions = {}, clock: TestClock = testClock()): Promise<{ emu: TascomiEmulator; clock: TestClock }> {
  return { emu: await closedAfterTest(startTascomiEmulator({ now: clock.now, ...options })), clock };
}

export interface CallOptions {
  /** Form fields, sent as application/x-www-form-urlencoded. */
  form?: Record<string, string> | [string, string][];
  body?: string;
  contentType?: string;
  key?: { publicKey: string; privateKey: string };
  /** The client's clock when it signs (default: the server's clock, so the signature is right). */
  signAt?: number;
  /** Sign in this zone instead of the instance's. */
  signZone?: string;
  headers?: Record<string, string>;
  unsigned?: boolean;
}

export async function call(emu: TascomiEmulator, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = options.unsigned ? {} : signHeaders(options.key ?? DEMO_KEYS, options.signAt ?? emu.serverNow(), options.signZone ?? emu.timeZone);
  let body: string | undefined = options.body;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (options.contentType) headers['Content-Type'] = options.contentType;
  Object.assign(headers, options.headers);
  return readReply(await fetch(`${emu.baseUrl}${path}`, { method, headers, body }));
}

/** A valid Service Request built from the demo code lists (FLYTIP under Street Scene). */
export function validComplaint(extra: Record<string, string> = {}): Record<string, string> {
  return {
    core_function_id: '5',
    complaint_code_id: '18',
    investigating_officer_id: '1',
    received_date: '2024-01-15 14:00:00',
    remarks: 'Mattress dumped by the bins',
    ...extra,
  };
}
