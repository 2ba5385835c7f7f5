import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/create-api';
import { selectTransport } from './api/select-transport';
import { App } from './App';
import { readAuthState } from './auth/auth-client';
import { openSignedInTransport } from './auth/session-console';
import { SignInGate, takeArrival } from './auth/SignInGate';
import { startEngineSync } from './shell/engine-sync';

const root = createRoot(document.getElementById('root')!);
const render = (node: ReactNode) => root.render(<StrictMode>{node}</StrictMode>);

// The connection and the stores live outside React, so re-renders never reconnect.
function openConsole(transport = selectTransport()): void {
  const api = createApi(transport);
  startEngineSync(api);
  render(<App api={api} />);
}

async function start(): Promise<void> {
  // The desktop app's own engine has no sign-in; neither has the single-user loopback host (token).
  if (window.casebridge) return openConsole();
  const auth = await readAuthState();
  if (auth?.signIn !== 'accounts') return openConsole();
  if (auth.signedIn) return openConsole(openSignedInTransport());
  render(<SignInGate state={auth} arrival={takeArrival()} onSignedIn={() => openConsole(openSignedInTransport())} />);
}

void start();
