import { IconArrowFork, IconBell, IconBriefcase, IconListDetails, IconNetwork, IconPlugConnected, IconRefresh, IconTemplate, IconUsers, type Icon } from '@tabler/icons-react';
import { IconShieldLock } from '@tabler/icons-react';
import { IconUserSearch } from '@tabler/icons-react';
import { IconUserCog } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { PAGE_IDS, type PageId } from '../../../shared/domain/pages';
import { AccountsPage } from '../features/accounts/AccountsPage';
import { AlertsPage } from '../features/alerts/AlertsPage';
import { AuditPage } from '../features/audit/AuditPage';
import { CasesPage } from '../features/cases/CasesPage';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { JobsPage } from '../features/jobs/JobsPage';
import { LogPage } from '../features/log/LogPage';
import { NetworkPage } from '../features/network/NetworkPage';
import { RulesPage } from '../features/rules/RulesPage';
import { SubjectAccessPage } from '../features/subject-access/SubjectAccessPage';
import { TemplatesPage } from '../features/templates/TemplatesPage';
import { TenantsPage } from '../features/tenants/TenantsPage';

export interface PageDefinition {
  id: PageId;
  label: string;
  icon: Icon;
  Component: ComponentType;
}

const DEFINITIONS: Record<PageId, Omit<PageDefinition, 'id'>> = {
  connections: { label: 'Connections', icon: IconPlugConnected, Component: ConnectionsPage },
  templates: { label: 'Templates', icon: IconTemplate, Component: TemplatesPage },
  rules: { label: 'Rules', icon: IconArrowFork, Component: RulesPage },
  cases: { label: 'Cases', icon: IconBriefcase, Component: CasesPage },
  tenants: { label: 'Tenants', icon: IconUsers, Component: TenantsPage },
  jobs: { label: 'Jobs', icon: IconRefresh, Component: JobsPage },
  alerts: { label: 'Alerts', icon: IconBell, Component: AlertsPage },
  log: { label: 'Log', icon: IconListDetails, Component: LogPage },
  audit: { label: 'Audit', icon: IconShieldLock, Component: AuditPage },
  network: { label: 'Network', icon: IconNetwork, Component: NetworkPage },
  'subject-access': { label: 'Subject access', icon: IconUserSearch, Component: SubjectAccessPage },
  accounts: { label: 'Accounts', icon: IconUserCog, Component: AccountsPage },
};

/** In the contract's navigation order. */
export const PAGES: PageDefinition[] = PAGE_IDS.map((id) => ({ id, ...DEFINITIONS[id] }));

export function pageDefinition(id: PageId): PageDefinition {
  return { id, ...DEFINITIONS[id] };
}
