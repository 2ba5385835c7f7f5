import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/create-api';
import { selectTransport } from './api/select-transport';
import { App } from './App';
import { startEngineSync } from './shell/engine-sync';

// The connection and the stores live outside React, so re-renders never reconnect.
const api = createApi(selectTransport());
startEngineSync(api);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
