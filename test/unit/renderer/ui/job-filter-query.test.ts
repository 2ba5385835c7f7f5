/** The Jobs page's filter in the address survives a reload, and a bad part is named, not silently used. */
import { describe, expect, it } from 'vitest';
import type { JobFilter } from '../../../../shared/domain/job';
import { jobFilterFromQuery, jobFilterToQuery } from '../../../../renderer/src/ui/job-filter-query';

describe('the jobs filter in the address', () => {
  it('round-trips every part, so a reload shows the same view', () => {
    const filter: JobFilter = {
      states: ['dead', 'failed'],
      connectors: ['tascomi'],
      caseId: 'CRM 42/A',
      templateId: 7,
      errorClasses: ['validation', 'remote'],
      text: 'bad gateway',
    };
    const query = jobFilterToQuery(filter);
    expect(query).toBe('state=dead%2Cfailed&connector=tascomi&case=CRM+42%2FA&template=7&error=validation%2Cremote&q=bad+gateway');
    expect(jobFilterFromQuery(query)).toEqual({ filter, dropped: [] });
  });

  it('keeps cancelled as a state of its own in the address', () => {
    expect(jobFilterToQuery({ states: ['cancelled'] })).toBe('state=cancelled');
    expect(jobFilterFromQuery('state=cancelled,failed')).toEqual({ filter: { states: ['cancelled', 'failed'] }, dropped: [] });
  });

  it('an empty filter is an empty query, and empty parts are left out', () => {
    expect(jobFilterToQuery({})).toBe('');
    expect(jobFilterToQuery({ states: [], text: '  ' })).toBe('');
    expect(jobFilterFromQuery('')).toEqual({ filter: {}, dropped: [] });
  });

  it('drops and names a part that is not valid, keeping the rest', () => {
    const { filter, dropped } = jobFilterFromQuery('state=dead,sleeping&template=seven&case=C-1');
    expect(filter).toEqual({ caseId: 'C-1' });
    expect(dropped).toEqual(["state 'dead,sleeping'", "template 'seven'"]);
  });
});
