import { describe, expect, it } from 'vitest';
import { runCli as runSharedCli } from '../common-helpers';
import { parseCliArgs } from '../../../emulators/civica-cx/cli-args';

/** The `npm run emulator:civica-cx` command, in a child process. */
const runCli = (args: string[]) => runSharedCli('emulator:civica-cx', args);

/** What test/support/emulator-process.ts reads: `Name: value` lines, value up to the first space. */
const field = (out: string, name: string) => new RegExp(`^${name}: (\\S+)`, 'm').exec(out)?.[1];

describe('parseCliArgs', () => {
  it('defaults to 127.0.0.1, any free port, seed 1, the demo user and the default allowlist', () => {
    expect(parseCliArgs([])).toEqual({ host: '127.0.0.1', port: 0, seed: 1, pageSize: 25, tokenLifetimeSeconds: 3600, empty: false, help: false });
  });

  it('reads every option, as --flag value or --flag=value', () => {
    expect(
      parseCliArgs([
        '--port',
        '8702',
        '--username=api.user',
        '--password',
        'S3cret',
        '--allow',
        '127.0.0.1,10.0.0.0/8',
        '--allow=::1',
        '--allowlist-answer',
        'html',
        '--seed=9',
        '--page-size',
        '50',
        '--token-lifetime',
        '120',
        '--empty',
      ]),
    ).toEqual({
      host: '127.0.0.1',
      port: 8702,
      username: 'api.user',
      password: 'S3cret',
      allow: ['127.0.0.1', '10.0.0.0/8', '::1'],
      allowlistAnswer: 'html',
      seed: 9,
      pageSize: 50,
      tokenLifetimeSeconds: 120,
      empty: true,
      help: false,
    });
  });

  it('names the option that is wrong', () => {
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/^Option --port: /);
    expect(() => parseCliArgs(['--port'])).toThrow(/^Option --port needs a value/);
    expect(() => parseCliArgs(['--allow', 'localhost'])).toThrow(/^Option --allow: entry 0 "localhost" is not an IP address/);
    expect(() => parseCliArgs(['--allowlist-answer', 'drop'])).toThrow(/^Option --allowlist-answer: "drop": choose json403, timeout, refused or html$/);
    expect(() => parseCliArgs(['--page-size', '101'])).toThrow(/^Option --page-size: /);
    expect(() => parseCliArgs(['--token-lifetime', '0'])).toThrow(/^Option --token-lifetime: /);
    expect(() => parseCliArgs(['--refusal-style', 'quiet'])).toThrow(/^Option --refusal-style: must be one of status, body, not "quiet"/);
    expect(parseCliArgs(['--refusal-style', 'body']).refusalStyle).toBe('body');
    expect(() => parseCliArgs(['--username', 'u'])).toThrow(/^Option --username: needs --password/);
    expect(() => parseCliArgs(['--password', 'p'])).toThrow(/^Option --password: needs --username/);
    expect(() => parseCliArgs(['--username', 'a b', '--password', 'p'])).toThrow(/^Option --username: must not contain spaces/);
    expect(() => parseCliArgs(['--colour', 'red'])).toThrow(/^Unknown option --colour/);
    expect(() => parseCliArgs(['--empty=yes'])).toThrow(/^Option --empty: takes no value/);
  });
});

describe('the emulator:civica-cx command', () => {
  it('prints its base URL, user and company, serves sign-in and calls, and stops cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--username', 'cli.user', '--password', 'cli-secret', '--seed', '5']);
    try {
      await cli.line(/^Admin: .+$/m); // the last line it prints when ready
      const { stdout } = cli.output();
      const baseUrl = field(stdout, 'Base URL');
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(field(stdout, 'Username')).toBe('cli.user');
      expect(stdout).toMatch(/^Password: cli-secret$/m);
      expect(field(stdout, 'Company')).toBe('NBH');
      expect(field(stdout, 'Allowlist')).toBe('127.0.0.1,::1');
      expect(field(stdout, 'Refusals')).toBe('status');
      expect(field(stdout, 'Admin')).toBe(`${baseUrl}/__admin`);
      const signIn = await fetch(`${baseUrl}/api/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'cli.user', password: 'cli-secret' }),
      });
      expect(signIn.status).toBe(200);
      const { token } = (await signIn.json()) as { token: string };
      const companies = await fetch(`${baseUrl}/api/v1/companies`, { headers: { authorization: `Bearer ${token}` } });
      expect(companies.status).toBe(200);
      expect((await fetch(`${baseUrl}/api/v1/companies`)).status).toBe(401);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(/Civica Cx emulator stopped \(SIGTERM\)/);
  });

  it('offers the demo user when none is given, and stops on SIGINT', async () => {
    const cli = runCli([]);
    try {
      await cli.line(/^Admin: .+$/m);
      expect(cli.output().stdout).toMatch(/^Username: casebridge\.api$/m);
      expect(cli.output().stdout).toMatch(/^Password: casebridge-demo-password \(demo user\)$/m);
      expect(field(cli.output().stdout, 'Password')).toBe('casebridge-demo-password');
    } finally {
      cli.child.kill('SIGINT');
    }
    expect(await cli.exited).toBe(0);
  });

  it('answers a caller not on the allowlist as --allowlist-answer says (a firewall page)', async () => {
    const cli = runCli(['--port', '0', '--allow', '10.0.0.0/8', '--allowlist-answer', 'html', '--empty']);
    try {
      await cli.line(/^Admin: .+$/m);
      const { stdout } = cli.output();
      expect(field(stdout, 'Allowlist answer')).toBe('html');
      const blocked = await fetch(`${field(stdout, 'Base URL')}/api/v1/companies`);
      expect(blocked.status).toBe(403);
      expect(blocked.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await blocked.text()).toMatch(/<title>Access Denied<\/title>/);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
  });

  it('exits 2 with a message naming a bad option', async () => {
    const cli = runCli(['--allow', 'nowhere']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toMatch(/civica-cx emulator: Option --allow: /);
  });
});
