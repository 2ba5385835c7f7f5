/**
 * The README's worked example of a CRM post ("Receiving cases from the CRM") is what casebridge
 * accepts: its signature is the HMAC of "<timestamp>.<body>" with its secret, and the engine's own
 * listener, at that timestamp, stores it (202); with the signature altered, or a minute past the
 * tolerance, it refuses it. The README cannot drift from the code unnoticed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startWebhookListener, type WebhookListener } from '../../../../electron/engine/cases/webhook';
import { crmSignature } from '../../../support/crm';
import { caseHarness, cleanupHarnesses } from './helpers';

let hook: WebhookListener | undefined;
afterEach(async () => {
  await hook?.close();
  hook = undefined;
  cleanupHarnesses();
});

function readmeExample() {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Receiving cases from the CRM'));
  const line = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(.+)$`, 'm').exec(section);
    if (!match) throw new Error(`README.md: the worked example has no '${name}:' line`);
    return match[1]!.trim();
  };
  return { secret: line('secret'), timestamp: line('timestamp'), body: line('body'), signature: line('signature') };
}

it("the README's worked example is signed as it says, and casebridge stores it", async () => {
  const example = readmeExample();
  expect(crmSignature(example.secret, example.timestamp, example.body)).toBe(example.signature);
  expect(JSON.parse(example.body)).toHaveProperty('updatedAt');

  const h = caseHarness();
  h.clock.set(new Date(Number(example.timestamp) * 1000).toISOString());
  hook = await startWebhookListener({ getSecret: async () => example.secret, clock: h.clock, receive: (input) => h.cases.receive(input) });
  const post = (signature: string) =>
    fetch(hook!.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Casebridge-Timestamp': example.timestamp, 'X-Casebridge-Signature': signature },
      body: example.body,
    });

  const altered = `${example.signature.slice(0, -1)}${example.signature.endsWith('0') ? '1' : '0'}`;
  expect((await post(altered)).status).toBe(401);
  const accepted = await post(example.signature);
  expect(accepted.status).toBe(202);
  expect(await accepted.json()).toEqual({ id: JSON.parse(example.body).id, event: 'created' });
  h.clock.advance(360_000);
  expect((await post(example.signature)).status).toBe(401);
});
