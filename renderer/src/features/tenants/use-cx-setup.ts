import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';

/** Whether Tenants can search at all: Civica Cx must be switched on with a company chosen. */
export type CxSetup = { ready: true } | { ready: false; missing: 'integration' | 'company' };

/** Null while unknown, and when the settings cannot be read: a search then says why itself. */
export function useCxSetup(): CxSetup | null {
  const api = useApi();
  const [setup, setSetup] = useState<CxSetup | null>(null);
  useEffect(() => {
    let live = true;
    api.call('getCivicaCxSettings').then(
      (settings) => {
        if (live) setSetup(!settings.enabled ? { ready: false, missing: 'integration' } : settings.companyCode ? { ready: true } : { ready: false, missing: 'company' });
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api]);
  return setup;
}
