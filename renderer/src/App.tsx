import { MantineProvider } from '@mantine/core';
import { ApiProvider } from './api/api-context';
import type { Api } from './api/create-api';
import { CannotReachEngineScreen } from './shell/CannotReachEngineScreen';
import { useResolvedColorScheme } from './shell/color-scheme';
import { ConsoleShell } from './shell/ConsoleShell';
import { StartingScreen } from './shell/StartingScreen';
import { useConnectionStore } from './stores/connection-store';
import { cssVariablesResolver, theme } from './theme';

export function App({ api }: { api: Api }) {
  // Forced from the engine's preference, so every console and the desktop window agree.
  const colorScheme = useResolvedColorScheme();
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme={colorScheme}>
      <ApiProvider api={api}>
        <ConsoleGate />
      </ApiProvider>
    </MantineProvider>
  );
}

/** Never a blank page: starting, refused, or the console itself. */
function ConsoleGate() {
  const { state, ready } = useConnectionStore();
  if (state === 'unauthorised') return <CannotReachEngineScreen />;
  if (!ready) return <StartingScreen />;
  return <ConsoleShell />;
}
