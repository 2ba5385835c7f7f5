/**
 * The one table of send failures, row by row, on the errors nodemailer and node:https throw in the
 * cases the channel tests cannot stage on 127.0.0.1 (a certificate for another name, a temporary DNS
 * failure, no route, a relay refusing the message itself): the class, whether it is retried, and
 * words that name the far side and never a secret.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALERT_SEND_FAILURES, type AlertChannel } from '../../../../shared/domain/alerts';
import { AlertSendError, channelSwitchedOff, classifySendFailure, HttpAnswerError, RETRYABLE, withoutSecret } from '../../../../electron/engine/alerts/send-failure';

const EMAIL: AlertChannel = {
  id: randomUUID(),
  kind: 'email',
  name: 'IT on-call',
  enabled: true,
  host: 'smtp.council.gov.uk',
  port: 587,
  security: 'starttls',
  username: 'casebridge',
  from: 'casebridge@council.gov.uk',
  to: ['it@council.gov.uk'],
};
const TEAMS: AlertChannel = { id: randomUUID(), kind: 'teams', name: 'Service desk', enabled: true };
const WEBHOOK: AlertChannel = { id: randomUUID(), kind: 'webhook', name: 'Monitoring', enabled: true, url: 'https://monitor.council.gov.uk:9443/hooks/casebridge' };

/** An error shaped as nodemailer hands it over. */
const smtpError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('the send failure table', () => {
  it('retries every class but setup', () => {
    expect(ALERT_SEND_FAILURES.filter((c) => !RETRYABLE[c])).toEqual(['setup']);
    expect(channelSwitchedOff(EMAIL)).toMatchObject({ errorClass: 'setup', retryable: false, message: expect.stringContaining("The channel 'IT on-call' is switched off") });
  });

  it('a temporary DNS failure is `dns`, naming the relay', () => {
    const error = classifySendFailure(smtpError('getaddrinfo EAI_AGAIN smtp.council.gov.uk', { code: 'EDNS', originalCode: 'EAI_AGAIN' }), EMAIL);
    expect(error.errorClass).toBe('dns');
    expect(error.message).toContain('The relay smtp.council.gov.uk could not be found (DNS, a temporary failure)');
  });

  it('no route to the relay is `connection`, naming host and port', () => {
    const error = classifySendFailure(smtpError('connect EHOSTUNREACH 10.1.2.3:587', { code: 'ESOCKET', originalCode: 'EHOSTUNREACH' }), EMAIL);
    expect(error.errorClass).toBe('connection');
    expect(error.message).toContain('no network route to smtp.council.gov.uk:587');
  });

  it('a reset in the middle is `connection`', () => {
    const error = classifySendFailure(smtpError('Connection closed unexpectedly', { code: 'ECONNECTION', command: 'CONN' }), EMAIL);
    expect(error.errorClass).toBe('connection');
    expect(error.message).toContain('The connection to smtp.council.gov.uk:587 was cut off');
  });

  it("a certificate for another name is `tls`, saying it is not for the relay's name", () => {
    const cause = Object.assign(new Error("Hostname/IP does not match certificate's altnames: Host: smtp.council.gov.uk. is not in the cert's altnames: DNS:mail.other.net"), {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    const error = classifySendFailure(smtpError(`Error initiating TLS - ${cause.message}`, { code: 'ETLS', command: 'STARTTLS', cause }), EMAIL);
    expect(error.errorClass).toBe('tls');
    expect(error.message).toContain('The certificate of smtp.council.gov.uk:587 is not for the name smtp.council.gov.uk');
  });

  it('an expired certificate is `tls`, saying to check the date first', () => {
    const error = classifySendFailure(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), WEBHOOK);
    expect(error.errorClass).toBe('tls');
    expect(error.message).toContain('The certificate of monitor.council.gov.uk:9443 is out of date');
  });

  it('530 on MAIL FROM is `auth`: the relay wants a sign-in', () => {
    const error = classifySendFailure(
      smtpError('Mail command failed: 530 5.7.57 Client not authenticated', {
        code: 'EENVELOPE',
        command: 'MAIL FROM',
        responseCode: 530,
        response: '530 5.7.57 Client not authenticated',
      }),
      EMAIL,
    );
    expect(error.errorClass).toBe('auth');
    expect(error.message).toContain('The relay smtp.council.gov.uk:587 wants a sign-in before it takes mail (it said "530 5.7.57 Client not authenticated")');
  });

  it('a relay refusing the message itself (554 after DATA) is `refused`, quoting it', () => {
    const error = classifySendFailure(
      smtpError('Message failed: 554 5.7.1 Message rejected as spam', { code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 5.7.1 Message rejected as spam' }),
      EMAIL,
    );
    expect(error.errorClass).toBe('refused');
    expect(error.message).toContain('refused the message itself (it said "554 5.7.1 Message rejected as spam")');
  });

  it('HTTP answers: 403 from Teams is `refused` with only the host shown, 503 from a webhook `server`, 408 `timeout`', () => {
    const teams = classifySendFailure(new HttpAnswerError(403, 'Forbidden'), TEAMS, { host: 'council.webhook.office.com', port: 443 });
    expect(teams).toMatchObject({ errorClass: 'refused', retryable: true });
    expect(teams.message).toContain('Teams (council.webhook.office.com) refused the message (HTTP 403): the Teams URL was removed or is wrong');
    expect(classifySendFailure(new HttpAnswerError(503, 'Service Unavailable'), WEBHOOK).errorClass).toBe('server');
    expect(classifySendFailure(new HttpAnswerError(408, ''), WEBHOOK).errorClass).toBe('timeout');
  });

  it('an AlertSendError passes through as it is', () => {
    const setup = new AlertSendError('setup', 'no secret');
    expect(classifySendFailure(setup, EMAIL)).toBe(setup);
  });

  it("withoutSecret takes the secret, and a URL secret's path and query, out of the words", () => {
    const secret = 'https://council.webhook.office.com/webhookb2/abc-def/IncomingWebhook/123?sig=xyz987';
    const echoed = new AlertSendError('refused', 'It said: no hook at /webhookb2/abc-def/IncomingWebhook/123 (sig=xyz987)');
    const cleaned = withoutSecret(echoed, secret);
    expect(cleaned.message).toBe('It said: no hook at [secret] ([secret])');
    expect(cleaned.errorClass).toBe('refused');
    const password = withoutSecret(new AlertSendError('auth', '535 bad password Sw0rdfish!'), 'Sw0rdfish!');
    expect(password.message).toBe('535 bad password [secret]');
  });
});
