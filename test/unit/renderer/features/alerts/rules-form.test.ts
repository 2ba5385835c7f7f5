/** Where the engine's objections to a rule go, and the rules' edits. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, AlertSettingsSchema } from '../../../../../shared/domain/alerts';
import { ContractCallError } from '../../../../../renderer/src/api/contract-call-error';
import { ruleErrorsFrom, withoutChannel, withRule } from '../../../../../renderer/src/features/alerts/rules-form';

const A = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const B = '7a2e3d4c-5b6a-4f70-9b8c-0d1e2f3a4b5c';

describe('ruleErrorsFrom', () => {
  it("puts the engine's objection to a threshold under that condition's number, the first one winning", () => {
    const refused = new ContractCallError('saveAlertSettings', 'invalid_input', 'the input is not valid', [
      { path: 'rules.breaker-open.threshold', message: 'between 1 and 1440 minutes' },
      { path: 'rules.breaker-open.threshold', message: 'a second objection' },
      { path: 'rules.job-dead.channels', message: 'at most 20' },
      { path: 'groupingSeconds', message: 'too small' },
    ]);
    expect(ruleErrorsFrom(refused)).toEqual({ 'breaker-open': { threshold: 'between 1 and 1440 minutes' }, 'job-dead': { channels: 'at most 20' } });
  });

  it('finds nothing in a refusal that is not about the input, or in an issue about no known condition', () => {
    expect(ruleErrorsFrom(new ContractCallError('saveAlertSettings', 'forbidden', 'not allowed'))).toEqual({});
    expect(ruleErrorsFrom(new Error('x'))).toEqual({});
    expect(ruleErrorsFrom(new ContractCallError('saveAlertSettings', 'invalid_input', 'bad', [{ path: 'rules.no-such.threshold', message: 'x' }]))).toEqual({});
  });

  it('reads the issue paths the settings schema itself gives for an out-of-range threshold', () => {
    const settings = withRule(DEFAULT_ALERT_SETTINGS, 'breaker-open', { threshold: 5000 });
    const parsed = AlertSettingsSchema.safeParse(settings);
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    expect(ruleErrorsFrom(new ContractCallError('saveAlertSettings', 'invalid_input', 'bad', issues))).toEqual({ 'breaker-open': { threshold: 'between 1 and 1440 minutes' } });
  });
});

describe('withRule and withoutChannel', () => {
  it('changes one rule and leaves the others and the saved settings alone', () => {
    const changed = withRule(DEFAULT_ALERT_SETTINGS, 'validation-failures', { threshold: 50, enabled: false });
    expect(changed.rules['validation-failures']).toEqual({ enabled: false, connectors: [], channels: 'all', threshold: 50 });
    expect(changed.rules['job-dead']).toBe(DEFAULT_ALERT_SETTINGS.rules['job-dead']);
    expect(DEFAULT_ALERT_SETTINGS.rules['validation-failures'].threshold).toBe(20);
  });

  it('takes a deleted channel out of every rule that picked it, leaving "All channels" rules as they are', () => {
    let settings = withRule(DEFAULT_ALERT_SETTINGS, 'job-dead', { channels: [A, B] });
    settings = withRule(settings, 'disk-low', { channels: [A] });
    const after = withoutChannel(settings, A);
    expect(after.rules['job-dead'].channels).toEqual([B]);
    expect(after.rules['disk-low'].channels).toEqual([]);
    expect(after.rules['backup-failed'].channels).toBe('all');
    expect(withoutChannel(DEFAULT_ALERT_SETTINGS, A)).toBe(DEFAULT_ALERT_SETTINGS);
  });
});
