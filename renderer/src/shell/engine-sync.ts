import type { Unsubscribe } from '../../../shared/contract';
import type { PageId } from '../../../shared/domain/pages';
import { ContractCallError, describeError } from '../api/contract-call-error';
import type { Api } from '../api/create-api';
import { useAppInfoStore } from '../stores/app-info-store';
import { useConnectionStore } from '../stores/connection-store';
import { useHealthStore } from '../stores/health-store';
import { can, useMeStore } from '../stores/me-store';
import { useNavigationStore } from '../stores/navigation-store';
import { usePolicyStore } from '../stores/policy-store';
import { usePreferencesStore } from '../stores/preferences-store';
import { useProblemStore } from '../stores/problem-store';
import { guardUnload, leaveIfConfirmed } from '../stores/unsaved-work-store';
import { pageFromAddress, showPageInAddress } from '../ui/page-address';
import { holdAddressChange, startAddressGuard } from './address-guard';
import { startPage } from './page-access';

/**
 * Keeps the stores in step with the engine: live events go straight in, and every time the
 * connection opens (the first time and after each reconnect) the state that may have been missed
 * while it was down is loaded again.
 */
export function startEngineSync(api: Api): Unsubscribe {
  useConnectionStore.setState({ state: api.connectionState, transportKind: api.transportKind });
  const unsubscribes = [
    // Another console's choice of page is its own business; only its theme applies here.
    api.on('preferencesChanged', (preferences) => usePreferencesStore.setState({ preferences })),
    api.on('healthChanged', (alarms) => useHealthStore.setState({ alarms })),
    api.onConnectionStateChange((state) => {
      useConnectionStore.setState({ state });
      if (state === 'open') void loadEngineState(api);
    }),
    followAddress(api),
    guardUnload(),
  ];
  if (api.connectionState === 'open') void loadEngineState(api);
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}

export async function loadEngineState(api: Api): Promise<void> {
  await Promise.all([
    load(
      'who you are',
      () => api.call('whoAmI'),
      (me) => useMeStore.setState({ me }),
    ),
    load(
      'application info',
      () => api.call('getAppInfo'),
      (info) => useAppInfoStore.setState({ info }),
    ),
    load(
      'preferences',
      () => api.call('getPreferences'),
      (preferences) => usePreferencesStore.setState({ preferences }),
    ),
    load(
      'the machine policy',
      () => api.call('getPolicy'),
      (policy) => usePolicyStore.setState({ policy }),
    ),
    load(
      'the engine health',
      () => api.call('getHealth'),
      (alarms) => useHealthStore.setState({ alarms }),
    ),
  ]);
  if (useNavigationStore.getState().page === null) {
    const permissions = useMeStore.getState().me?.permissions ?? [];
    showPage(pageFromAddress() ?? startPage(permissions, usePreferencesStore.getState().preferences?.lastPage));
  }
  useConnectionStore.setState({ ready: true });
}

/** Opens a page (once unsaved changes may be left) and remembers it in the engine's preferences for the next start. */
export function openPage(api: Api, page: PageId): void {
  if (useNavigationStore.getState().page === page) return;
  leaveIfConfirmed(() => switchPage(api, page));
}

function switchPage(api: Api, page: PageId): void {
  showPage(page);
  // A viewer may not change the shared preferences; the page they open is theirs alone.
  if (!can('preferences')) return;
  api.call('setPreferences', { lastPage: page }).catch((error: unknown) => useProblemStore.getState().report(`Could not remember the page you opened: ${describeError(error)}`));
}

function showPage(page: PageId): void {
  useNavigationStore.setState({ page });
  showPageInAddress(page);
}

/**
 * Nav links change the address; follow it (and the browser's back and forward), unless it is held
 * for unsaved work (address-guard.ts).
 */
function followAddress(api: Api): Unsubscribe {
  startAddressGuard();
  const onHashChange = (event: HashChangeEvent) => {
    const current = useNavigationStore.getState().page;
    if (current === null) return; // still starting; the first load picks the page
    if (holdAddressChange(event)) return;
    const page = pageFromAddress();
    if (page) openPage(api, page);
    else showPageInAddress(current);
  };
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}

async function load<T>(what: string, fetch: () => Promise<T>, apply: (value: T) => void): Promise<void> {
  try {
    apply(await fetch());
  } catch (error) {
    // A dropped connection is already on screen, and the reload after reconnecting fetches it again.
    if (error instanceof ContractCallError && error.code === 'not_connected') return;
    useProblemStore.getState().report(`Could not load ${what} from the engine: ${describeError(error)}`);
  }
}
