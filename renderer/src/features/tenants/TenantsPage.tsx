import { useState } from 'react';
import type { FindTenantsResult } from '../../../../shared/domain/tenants';
import { Page } from '../../shell/Page';
import { CxNotSetUp } from './CxNotSetUp';
import { TenantRepairs } from './TenantRepairs';
import { TenantSearch, type TenantSearchState } from './TenantSearch';
import { useCxSetup } from './use-cx-setup';

const DESCRIPTION =
  "Civica Cx tenants: find a contact by reference, surname or postcode, see their repairs since the repairs start date with work orders and appointments, and cancel a repair or an appointment when the settings and Cx's rules allow it.";

export function TenantsPage() {
  const [openId, setOpenId] = useState<number | null>(null);
  const [search, setSearch] = useState<TenantSearchState>({ reference: '', surname: '', postcode: '' });
  const [result, setResult] = useState<FindTenantsResult | null>(null);
  const setup = useCxSetup();
  return (
    <Page title="Tenants" description={DESCRIPTION}>
      {setup && !setup.ready ? (
        <CxNotSetUp missing={setup.missing} />
      ) : openId !== null ? (
        <TenantRepairs key={openId} contactId={openId} onBack={() => setOpenId(null)} />
      ) : (
        <TenantSearch onOpen={setOpenId} state={search} setState={setSearch} result={result} setResult={setResult} />
      )}
    </Page>
  );
}
