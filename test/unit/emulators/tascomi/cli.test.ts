import { describe, expect, it } from 'vitest';
import { runCli as runSharedCli } from '../common-helpers';
import { parseCliArgs } from '../../../emulators/tascomi/cli-args';
import { signHeaders } from '../../../emulators/tascomi/index';

/** The `npm run emulator:tascomi` command, in a child process. */
const runCli = (args: string[]) => runSharedCli('emulator:tascomi', args);

describe('parseCliArgs', () => {
  it('defaults to 127.0.0.1, any free port, London, seed 1 and the demo pair', () => {
    expect(parseCliArgs([])).toEqual({ host: '127.0.0.1', port: 0, timeZone: 'Europe/London', seed: 1, pageSize: 25, empty: false, help: false });
  });

  it('reads every option, as --flag value or --flag=value', () => {
    expect(parseCliArgs(['--port', '8701', '--public-key=K', '--private-key', 'S', '--timezone', 'Europe/Dublin', '--seed=9', '--page-size', '50', '--empty'])).toEqual({
      host: '127.0.0.1',
      port: 8701,
      publicKey: 'K',
      privateKey: 'S',
      timeZone: 'Europe/Dublin',
      seed: 9,
      pageSize: 50,
      empty: true,
      help: false,
    });
    expect(parseCliArgs(['--time-zone', 'UTC']).timeZone).toBe('UTC');
  });

  it('relaxes assumed rules with --relax (comma-separated, repeatable) and --query-string-fields', () => {
    expect(parseCliArgs([]).assumed).toBeUndefined();
    expect(parseCliArgs(['--relax', 'requiredServiceRequestFields,fullDateTimesOnly', '--relax=missingIdUpdateIs404', '--query-string-fields', 'accept']).assumed).toEqual({
      requiredServiceRequestFields: false,
      fullDateTimesOnly: false,
      missingIdUpdateIs404: false,
      queryStringFields: 'accept',
    });
    expect(() => parseCliArgs(['--relax', 'fullDateTimesOnly,strict'])).toThrow(/^Option --relax: "strict" is not an assumed rule; rules: requiredServiceRequestFields, /);
    expect(() => parseCliArgs(['--relax', 'queryStringFields'])).toThrow(/^Option --relax: "queryStringFields" is not an assumed rule/);
    expect(() => parseCliArgs(['--query-string-fields', 'ignore'])).toThrow(/^Option --query-string-fields: must be refuse or accept/);
  });

  it('names the option that is wrong', () => {
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/^Option --port: /);
    expect(() => parseCliArgs(['--port', 'eighty'])).toThrow(/^Option --port: /);
    expect(() => parseCliArgs(['--port'])).toThrow(/^Option --port needs a value/);
    expect(() => parseCliArgs(['--port', '--seed', '2'])).toThrow(/^Option --port needs a value/);
    expect(() => parseCliArgs(['--timezone', 'Mars/Olympus'])).toThrow(/^Option --timezone: "Mars\/Olympus" is not an IANA time zone/);
    expect(() => parseCliArgs(['--seed', '-1'])).toThrow(/^Option --seed: /);
    expect(() => parseCliArgs(['--public-key', 'K'])).toThrow(/^Option --public-key: needs --private-key/);
    expect(() => parseCliArgs(['--private-key', 'S'])).toThrow(/^Option --private-key: needs --public-key/);
    expect(() => parseCliArgs(['--public-key', ' ', '--private-key', 'S'])).toThrow(/^Option --public-key: must not be empty/);
    expect(() => parseCliArgs(['--colour', 'red'])).toThrow(/^Unknown option --colour/);
    expect(() => parseCliArgs(['--empty=yes'])).toThrow(/^Option --empty: takes no value/);
  });
});

describe('--absent-columns (an instance whose tables lack columns)', () => {
  it('reads table:column pairs, comma-separated or repeated, grouped by table', () => {
    expect(parseCliArgs(['--absent-columns', 'complaints:external_reference']).absentColumns).toEqual({ complaints: ['external_reference'] });
    expect(
      parseCliArgs(['--absent-columns=complaints:external_reference, complaints:ceased ,contacts:email', '--absent-columns', 'complaints:external_reference']).absentColumns,
    ).toEqual({
      complaints: ['external_reference', 'ceased'],
      contacts: ['email'],
    });
    expect(parseCliArgs([]).absentColumns).toBeUndefined();
  });

  it('names the pair that is wrong: no colon, an unknown table, a column that is not a field name, nothing at all', () => {
    expect(() => parseCliArgs(['--absent-columns', 'complaints'])).toThrow(/^Option --absent-columns: "complaints" is not table:column/);
    expect(() => parseCliArgs(['--absent-columns', 'complaint:external_reference'])).toThrow(/^Option --absent-columns: "complaint" is not a table \(tables: .*complaints/);
    expect(() => parseCliArgs(['--absent-columns', 'complaints:External-Ref'])).toThrow(/^Option --absent-columns: "External-Ref" is not a field name/);
    expect(() => parseCliArgs(['--absent-columns', 'complaints:a:b'])).toThrow(/^Option --absent-columns: "complaints:a:b" is not table:column/);
    expect(() => parseCliArgs(['--absent-columns', ' , '])).toThrow(/^Option --absent-columns: /);
  });
});

describe('the emulator:tascomi command', () => {
  it('prints its base URL and key pair, serves signed requests, and stops cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--public-key', 'cli-public', '--private-key', 'cli-private', '--timezone', 'Europe/London', '--seed', '5']);
    try {
      await cli.line(/^Admin: .+$/m); // the last line it prints when ready
      const { stdout } = cli.output();
      const baseUrl = /^Base URL: (http:\/\/127\.0\.0\.1:\d+\/rest)$/m.exec(stdout)?.[1];
      expect(baseUrl).toBeDefined();
      expect(stdout).toMatch(/^Public key: cli-public$/m);
      expect(stdout).toMatch(/^Private key: cli-private$/m);
      // Signed on the real clock, like a client: a request signed in the last instant of a minute may
      // arrive in the next one, so a second, freshly signed attempt is allowed.
      const key = { publicKey: 'cli-public', privateKey: 'cli-private' };
      let status = 0;
      for (let attempt = 0; attempt < 2 && status !== 200; attempt++) {
        status = (await fetch(`${baseUrl}/v1/titles`, { headers: signHeaders(key, Date.now(), 'Europe/London') })).status;
      }
      expect(status).toBe(200);
      expect((await fetch(`${baseUrl}/v1/titles`)).status).toBe(401);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(/Tascomi emulator stopped \(SIGTERM\)/);
  });

  it('offers the demo pair when no key is given, and stops on SIGINT', async () => {
    const cli = runCli([]);
    try {
      await cli.line(/^Admin: .+$/m);
      expect(cli.output().stdout).not.toMatch(/Assumed rules relaxed/);
      expect(cli.output().stdout).toMatch(/^Base URL: http:\/\/127\.0\.0\.1:\d+\/rest$/m);
      expect(cli.output().stdout).toMatch(/^Private key: casebridge-demo-private-key \(demo pair\)$/m);
    } finally {
      cli.child.kill('SIGINT');
    }
    expect(await cli.exited).toBe(0);
  });

  it('serves with the assumed rules relaxed, and says which', async () => {
    const cli = runCli(['--relax', 'missingIdUpdateIs404', '--query-string-fields', 'accept']);
    try {
      await cli.line(/^Admin: .+$/m);
      expect(cli.output().stdout).toMatch(/^Assumed rules relaxed: missingIdUpdateIs404=false, queryStringFields=accept$/m);
      const adminUrl = /^Admin: (.+)$/m.exec(cli.output().stdout)![1]!;
      expect(await (await fetch(`${adminUrl}/assumed`)).json()).toMatchObject({ missingIdUpdateIs404: false, queryStringFields: 'accept', fullDateTimesOnly: true });
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
  });

  it('exits 2 with a message naming a bad option', async () => {
    const cli = runCli(['--port', 'eighty']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toMatch(/Option --port: must be a whole number/);
  });
});
