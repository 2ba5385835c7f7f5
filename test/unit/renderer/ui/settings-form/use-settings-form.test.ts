/**
 * The settings forms' shared rules (the hook's pure parts; hooks cannot be rendered in this Node
 * test run): a refused call's issues land under the form's fields by path, an empty number field is
 * caught before anything is sent, and "dirty" compares the edited values with the saved ones.
 */
import { describe, expect, it } from 'vitest';
import { ContractCallError } from '../../../../../renderer/src/api/contract-call-error';
import { fieldErrorsByPath, missingNumbers, numberOrEmpty, sameValues } from '../../../../../renderer/src/ui/settings-form/use-settings-form';

const refused = (...issues: { path: string; message: string }[]) => new ContractCallError('saveX', 'invalid_input', 'saveX: the input is not valid.', issues);

describe("a refused call's field issues", () => {
  it('go under the field their path starts with', () => {
    const error = refused({ path: 'baseUrl', message: 'not a url' }, { path: 'port.value', message: 'too big' });
    expect(fieldErrorsByPath(error, ['baseUrl', 'port', 'enabled'])).toEqual({ baseUrl: 'not a url', port: 'too big' });
  });

  it('lose the prefix the call nests the form in', () => {
    const error = refused({ path: 'settings.concurrency', message: 'at most 32' }, { path: 'connector', message: 'unknown' });
    expect(fieldErrorsByPath(error, ['concurrency', 'maxAttempts'], 'settings.')).toEqual({ concurrency: 'at most 32' });
  });

  it('keep the first objection to a field: the first check that failed', () => {
    const error = refused({ path: 'keepDays', message: 'first' }, { path: 'keepDays', message: 'second' });
    expect(fieldErrorsByPath(error, ['keepDays'])).toEqual({ keepDays: 'first' });
  });

  it('are null when no issue is about a field of the form, or the failure is not about the input', () => {
    expect(fieldErrorsByPath(refused({ path: '', message: 'the input as a whole' }), ['keepDays'])).toBeNull();
    expect(fieldErrorsByPath(refused(), ['keepDays'])).toBeNull();
    expect(fieldErrorsByPath(new ContractCallError('saveX', 'failed', 'disk full', [{ path: 'keepDays', message: 'x' }]), ['keepDays'])).toBeNull();
    expect(fieldErrorsByPath(new Error('boom'), ['keepDays'])).toBeNull();
  });
});

describe('number fields', () => {
  it('are kept as typed: a number, or empty', () => {
    expect(numberOrEmpty(12)).toBe(12);
    expect(numberOrEmpty('  ')).toBe('');
    expect(numberOrEmpty('3.5')).toBe(3.5);
  });

  it('left empty or unreadable are marked before saving', () => {
    expect(missingNumbers({ keepDays: '', keepEntries: 10_000, other: Number.NaN })).toEqual({ keepDays: 'enter a number', other: 'enter a number' });
    expect(missingNumbers({ keepDays: 0, keepEntries: 10_000 })).toBeNull();
  });
});

describe('dirty tracking', () => {
  it('compares field by field', () => {
    expect(sameValues({ enabled: true, port: 8080, secret: '' }, { enabled: true, port: 8080, secret: '' })).toBe(true);
    expect(sameValues({ enabled: true, port: 8080 }, { enabled: true, port: 8081 })).toBe(false);
    expect(sameValues<{ port?: number }>({ port: 1 }, {})).toBe(false);
  });
});
