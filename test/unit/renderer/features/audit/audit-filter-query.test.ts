/** The Audit page's filter in its address survives a reload and a shared link; a bad part is named, not used. */
import { describe, expect, it } from 'vitest';
import type { AccessAuditFilter } from '../../../../../shared/domain/access-audit';
import { AUDIT_FILTER_CODEC } from '../../../../../renderer/src/features/audit/audit-filter-query';

describe('the audit filter in the address', () => {
  it('goes there and back unchanged', () => {
    const filter: AccessAuditFilter = {
      actions: ['personal_revealed', 'case_opened'],
      who: 'sam',
      caseId: 'CAS-1',
      from: '2026-06-15T09:00:00+01:00',
      to: '2026-06-16T09:00:00+01:00',
      text: 'complaint 4471',
    };
    const query = AUDIT_FILTER_CODEC.toQuery(filter);
    expect(query).toBe('action=personal_revealed%2Ccase_opened&who=sam&case=CAS-1&from=2026-06-15T09%3A00%3A00%2B01%3A00&to=2026-06-16T09%3A00%3A00%2B01%3A00&q=complaint+4471');
    expect(AUDIT_FILTER_CODEC.fromQuery(query)).toEqual({ filter, dropped: [] });
    expect(AUDIT_FILTER_CODEC.toQuery({ actions: [], who: ' ' })).toBe('');
  });

  it('drops an action it does not know and an end before the start, naming them, and keeps the rest', () => {
    expect(AUDIT_FILTER_CODEC.fromQuery('action=case_deleted&case=CAS-1')).toEqual({ filter: { caseId: 'CAS-1' }, dropped: ["action 'case_deleted'"] });
    expect(AUDIT_FILTER_CODEC.fromQuery('from=2026-06-15T10:00:00Z&to=2026-06-15T09:00:00Z')).toEqual({
      filter: { from: '2026-06-15T10:00:00Z' },
      dropped: ["to '2026-06-15T09:00:00Z' (before the start)"],
    });
  });
});
