/** The stored-secret rule: which addresses are the saved one as a connection uses it, and its words. */
import { describe, expect, it } from 'vitest';
import { CX_STORED_PASSWORD } from '../../../../shared/domain/civica-cx';
import { connectionAddress, sameConnectionAddress, storedSecretRefusal } from '../../../../shared/domain/stored-secret';
import { TASCOMI_STORED_KEY } from '../../../../shared/domain/tascomi';

describe('the address a connection uses', () => {
  it('is the same however the scheme, host case, default port or trailing slashes are written', () => {
    const saved = 'https://my-council.tascomi.com/rest';
    for (const same of [
      'HTTPS://My-Council.Tascomi.com/rest/',
      'https://my-council.tascomi.com:443/rest',
      ' https://my-council.tascomi.com/rest// ',
      'https://my-council.tascomi.com/x/../rest',
    ]) {
      expect(sameConnectionAddress(saved, same), same).toBe(true);
    }
  });

  it('differs by scheme, host, port, path (case too) or query', () => {
    const saved = 'https://my-council.tascomi.com/rest';
    for (const other of [
      'http://my-council.tascomi.com/rest',
      'https://my-council.tascomi.com.evil.example/rest',
      'https://my-council.tascomi.com./rest',
      'https://my-council.tascomi.com:8443/rest',
      'https://my-council.tascomi.com/REST',
      'https://my-council.tascomi.com/rest/other',
      'https://my-council.tascomi.com/rest?x=1',
    ]) {
      expect(sameConnectionAddress(saved, other), other).toBe(false);
    }
  });

  it('is never the same for no address, an unreadable one, or one carrying credentials', () => {
    expect(connectionAddress('')).toBeUndefined();
    expect(sameConnectionAddress('', '')).toBe(false);
    expect(sameConnectionAddress('not a url', 'not a url')).toBe(false);
    expect(sameConnectionAddress('https://cx.council.example', 'https://user:pw@cx.council.example')).toBe(false);
  });
});

describe('the refusal', () => {
  const saved = { baseUrl: 'https://cx.council.example', user: 'casebridge.api' };

  it('lets the saved address and user through', () => {
    expect(storedSecretRefusal(CX_STORED_PASSWORD, saved, { baseUrl: 'https://CX.council.example/', user: 'casebridge.api' })).toBeUndefined();
  });

  it('names the saved address and the one asked for', () => {
    expect(storedSecretRefusal(CX_STORED_PASSWORD, saved, { baseUrl: 'https://cx.elsewhere.example', user: 'casebridge.api' })).toBe(
      'The saved password is only sent to the saved address https://cx.council.example as the saved username; type it again to use https://cx.elsewhere.example.',
    );
  });

  it('asks again for another user at the saved address (a username differing only in case is another user)', () => {
    expect(storedSecretRefusal(TASCOMI_STORED_KEY, { baseUrl: 'https://a.tascomi.com/rest', user: 'pub' }, { baseUrl: 'https://a.tascomi.com/rest', user: 'pub2' })).toBe(
      'The saved API private key is only sent to the saved address https://a.tascomi.com/rest with the saved public key; type it again to use another public key.',
    );
    expect(storedSecretRefusal(CX_STORED_PASSWORD, saved, { baseUrl: saved.baseUrl, user: 'Casebridge.API' })).toMatch(/another username/);
  });

  it('says so when no address was saved with the secret', () => {
    expect(storedSecretRefusal(CX_STORED_PASSWORD, { baseUrl: '', user: '' }, { baseUrl: 'https://cx.council.example', user: 'u' })).toMatch(
      /only sent to the saved address \(none saved\).*type it again to use https:\/\/cx\.council\.example/,
    );
  });
});
