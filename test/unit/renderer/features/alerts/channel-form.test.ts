/** The channel form both ways: what a saved channel fills in, and what the engine is sent for each kind. */
import { describe, expect, it } from 'vitest';
import { AlertChannelDraftSchema, type AlertChannelView } from '../../../../../shared/domain/alerts';
import { addressesFrom, blankChannelForm, draftFromForm, formFromChannel, namingAddresses, secretHint } from '../../../../../renderer/src/features/alerts/channel-form';

const ID = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';

describe('draftFromForm', () => {
  it('sends an email channel with its addresses one a line, blanks and spaces dropped, and nothing of the other kinds', () => {
    const form = {
      ...blankChannelForm(),
      name: 'Support email',
      host: ' 127.0.0.1 ',
      port: 2525 as const,
      security: 'none' as const,
      from: 'casebridge@council.gov.uk',
      to: 'a@council.gov.uk\n\n  b@council.gov.uk \n',
      url: 'https://left.over/',
    };
    const draft = draftFromForm(form);
    expect(draft).toEqual({
      name: 'Support email',
      enabled: true,
      kind: 'email',
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      username: '',
      from: 'casebridge@council.gov.uk',
      to: ['a@council.gov.uk', 'b@council.gov.uk'],
    });
    // What the engine's own check of the draft accepts: the form never sends a field of another kind.
    expect(AlertChannelDraftSchema.safeParse(draft).success).toBe(true);
  });

  it('sends a Teams channel as its name alone (its URL is the secret) and a webhook with its URL', () => {
    const teams = draftFromForm({ ...blankChannelForm(), kind: 'teams', name: 'Support channel', host: 'smtp.council.gov.uk', to: 'a@council.gov.uk' });
    expect(teams).toEqual({ name: 'Support channel', enabled: true, kind: 'teams' });
    expect(AlertChannelDraftSchema.safeParse(teams).success).toBe(true);
    expect(draftFromForm({ ...blankChannelForm(), kind: 'webhook', name: 'Monitor', url: ' https://monitor.council.gov.uk/hook ' })).toEqual({
      name: 'Monitor',
      enabled: true,
      kind: 'webhook',
      url: 'https://monitor.council.gov.uk/hook',
    });
  });

  it('sends an emptied port as 0, which the engine refuses at the port field', () => {
    const draft = draftFromForm({ ...blankChannelForm(), name: 'x', host: 'smtp.council.gov.uk', port: '', from: 'a@council.gov.uk', to: 'b@council.gov.uk' });
    const parsed = AlertChannelDraftSchema.safeParse(draft);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['port']);
  });
});

describe('addressesFrom', () => {
  it('reads addresses pasted with commas or semicolons as well as one a line', () => {
    expect(addressesFrom('a@x.gov.uk; b@x.gov.uk,c@x.gov.uk\nd@x.gov.uk')).toEqual(['a@x.gov.uk', 'b@x.gov.uk', 'c@x.gov.uk', 'd@x.gov.uk']);
    expect(addressesFrom(' \n ')).toEqual([]);
  });
});

describe('formFromChannel', () => {
  it('fills in a saved email channel, the secret left empty and the addresses one a line', () => {
    const channel: AlertChannelView = {
      id: ID,
      name: 'Support email',
      enabled: false,
      kind: 'email',
      host: 'smtp.council.gov.uk',
      port: 465,
      security: 'tls',
      username: 'casebridge',
      from: 'casebridge@council.gov.uk',
      to: ['a@council.gov.uk', 'b@council.gov.uk'],
      secretSet: true,
    };
    const form = formFromChannel(channel);
    expect(form).toMatchObject({
      name: 'Support email',
      enabled: false,
      kind: 'email',
      port: 465,
      security: 'tls',
      username: 'casebridge',
      to: 'a@council.gov.uk\nb@council.gov.uk',
      secret: '',
    });
    // Saved again untouched, it is the same channel.
    const { id: _id, secretSet: _set, ...draft } = channel;
    expect(draftFromForm(form)).toEqual(draft);
  });

  it('starts a new channel as email on port 587 with STARTTLS', () => {
    expect(blankChannelForm()).toMatchObject({ kind: 'email', port: 587, security: 'starttls', enabled: true });
  });
});

describe('secretHint', () => {
  it('says a Teams URL is kept without showing it, and asks for one when none is', () => {
    expect(secretHint('teams', true)).toBe('A URL is kept; paste a new one to replace it.');
    expect(secretHint('teams', false)).toMatch(/incoming webhook URL/);
    expect(secretHint('webhook', false)).toMatch(/At least 16 characters/);
    expect(secretHint('email', true)).toMatch(/A password is kept/);
  });
});

describe('namingAddresses', () => {
  it('puts the address an objection is about before its words, and leaves the other objections as they are', () => {
    const issues = [
      { path: 'channel.to.1', message: 'enter an email address such as alerts@council.gov.uk' },
      { path: 'channel.from', message: 'enter an email address such as alerts@council.gov.uk' },
      { path: 'channel.to.7', message: 'no such line' },
    ];
    expect(namingAddresses(issues, addressesFrom('a@council.gov.uk\n\nsupport at council'))).toEqual([
      { path: 'channel.to.1', message: 'support at council: enter an email address such as alerts@council.gov.uk' },
      issues[1],
      issues[2],
    ]);
  });
});
