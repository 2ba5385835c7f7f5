import { Alert, Button, Divider, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_CHARS } from '../../../shared/domain/people';
import { issuesByField, postAuth, type AuthState } from './auth-client';
import { AuthFrame } from './AuthFrame';
import { checkNewPassword, checkPerson, hasProblems, type FieldProblems } from '../ui/account-form-checks';
import { readSignInAddress, signedOutMessage, takeSignedOut } from './sign-in-address';

export type Arrival = ReturnType<typeof takeArrival>;

/**
 * What the address and the last sign-out left for these screens. Read once per page load, outside
 * React: both are taken away as they are read.
 */
export function takeArrival() {
  const address = readSignInAddress(window.location.href);
  window.history.replaceState(window.history.state, '', address.cleaned);
  const signedOut = takeSignedOut(sessionStorage);
  return { ...address, signedOut: signedOut === null ? null : signedOutMessage(signedOut) };
}

/** A server with accounts, before the console: its first administrator, or signing in. */
export function SignInGate({ state, arrival, onSignedIn }: { state: AuthState; arrival: Arrival; onSignedIn: () => void }) {
  const [needsSetup, setNeedsSetup] = useState(state.needsSetup);
  if (needsSetup) return <SetupScreen code={arrival.setupCode ?? ''} fingerprint={state.fingerprint} onDone={onSignedIn} onAlreadyDone={() => setNeedsSetup(false)} />;
  return <SignInScreen state={state} notice={arrival.signedOut} ssoError={arrival.signInError} onSignedIn={onSignedIn} />;
}

function SignInScreen({ state, notice, ssoError, onSignedIn }: { state: AuthState; notice: string | null; ssoError: string | null; onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(ssoError ? `Single sign-on did not sign you in: ${ssoError}` : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your user name and password.');
      return;
    }
    setBusy(true);
    setError(null);
    const answer = await postAuth('/auth/sign-in', { username: username.trim(), password });
    setBusy(false);
    if (answer.ok) return onSignedIn();
    setPassword('');
    setError(answer.message);
  };

  return (
    <AuthFrame title="Sign in" fingerprint={state.fingerprint}>
      {notice && (
        <Alert color="yellow" role="status">
          {notice}
        </Alert>
      )}
      <form onSubmit={(event) => void submit(event)} aria-label="Sign in" noValidate>
        <Stack gap="sm">
          <TextInput label="User name" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="username" autoFocus spellCheck={false} />
          <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} leftSection={<IconLogin size={18} aria-hidden />}>
            Sign in
          </Button>
        </Stack>
      </form>
      {state.sso && (
        <>
          <Divider label="or" labelPosition="center" />
          {/* A full navigation: the identity provider's pages, then back through the server's callback. */}
          <Button component="a" href="/auth/sso/start" variant="default">
            {state.sso.label}
          </Button>
        </>
      )}
    </AuthFrame>
  );
}

type SetupField = 'code' | 'displayName' | 'username' | 'password' | 'repeat';

function SetupScreen({ code: givenCode, fingerprint, onDone, onAlreadyDone }: { code: string; fingerprint?: string; onDone: () => void; onAlreadyDone: () => void }) {
  const [form, setForm] = useState({ code: givenCode, displayName: '', username: '', password: '', repeat: '' });
  const [problems, setProblems] = useState<FieldProblems<SetupField>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: SetupField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setProblems(({ [field]: _gone, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldProblems<SetupField> = { ...checkPerson(form), ...checkNewPassword(form.password, form.repeat) };
    if (!form.code.trim()) found.code = 'enter the setup code the server printed when it started';
    setProblems(found);
    if (hasProblems(found)) {
      setError('Some details need correcting: see the marked fields.');
      return;
    }
    setBusy(true);
    setError(null);
    const answer = await postAuth('/auth/setup', { code: form.code.trim(), username: form.username.trim(), displayName: form.displayName.trim(), password: form.password });
    setBusy(false);
    if (answer.ok) return onDone();
    setProblems(issuesByField(answer.issues));
    setError(answer.message);
  };

  return (
    <AuthFrame
      title="Set up the first administrator"
      fingerprint={fingerprint}
      intro={
        <Text size="sm">
          This server has no accounts yet. The first one is an administrator, who then adds everyone else. The setup code is in the server&apos;s terminal or service log, on the
          line that starts with <strong>Setup code</strong>.
        </Text>
      }
    >
      <form onSubmit={(event) => void submit(event)} aria-label="First administrator" noValidate>
        <Stack gap="sm">
          <TextInput label="Setup code" value={form.code} onChange={(e) => set('code', e.currentTarget.value)} error={problems.code} autoComplete="off" spellCheck={false} />
          <TextInput
            label="Your name"
            description="As it appears in the log beside what you do"
            value={form.displayName}
            onChange={(e) => set('displayName', e.currentTarget.value)}
            error={problems.displayName}
            autoComplete="name"
          />
          <TextInput
            label="User name"
            value={form.username}
            onChange={(e) => set('username', e.currentTarget.value)}
            error={problems.username}
            autoComplete="username"
            spellCheck={false}
          />
          <PasswordInput
            label="Password"
            description={`At least ${PASSWORD_MIN_CHARS} characters`}
            value={form.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={problems.password}
            autoComplete="new-password"
          />
          <PasswordInput label="Password again" value={form.repeat} onChange={(e) => set('repeat', e.currentTarget.value)} error={problems.repeat} autoComplete="new-password" />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            Create the administrator and sign in
          </Button>
          <Button variant="subtle" size="xs" onClick={onAlreadyDone}>
            The first administrator exists already: sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
