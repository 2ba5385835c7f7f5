/** The Log page's filter in the address survives a reload, and a bad part is named, not silently used. */
import { describe, expect, it } from 'vitest';
import { logFilterFromQuery, logFilterToQuery } from '../../../../renderer/src/ui/log-filter-query';

describe('the log filter in the address', () => {
  it('goes there and back unchanged', () => {
    const filter = {
      levels: ['error' as const, 'warn' as const],
      sources: ['tascomi'],
      outcomes: ['will_retry' as const],
      caseId: 'CAS-1',
      jobId: 42,
      person: 'Sam Patel (support)',
      from: '2026-06-15T09:00:00+01:00',
      text: 'timeout conn',
    };
    const query = logFilterToQuery(filter);
    expect(query).toBe(
      'level=error%2Cwarn&source=tascomi&outcome=will_retry&case=CAS-1&job=42&person=Sam+Patel+%28support%29&from=2026-06-15T09%3A00%3A00%2B01%3A00&q=timeout+conn',
    );
    expect(logFilterFromQuery(query)).toEqual({ filter, dropped: [] });
    expect(logFilterToQuery({ levels: [], text: '' })).toBe('');
  });

  it('drops what is not valid, naming it, and keeps the rest', () => {
    const { filter, dropped } = logFilterFromQuery('level=fatal&job=abc&q=kept&from=yesterday&outcome=dead');
    expect(filter).toEqual({ text: 'kept', outcomes: ['dead'] });
    expect(dropped).toEqual(["level 'fatal'", "job 'abc'", "from 'yesterday'"]);
    expect(logFilterFromQuery(`person=${'x'.repeat(201)}&case=C-1`)).toEqual({ filter: { caseId: 'C-1' }, dropped: [`person '${'x'.repeat(201)}'`] });
    const reversed = logFilterFromQuery('from=2026-06-15T10:00:00Z&to=2026-06-15T09:00:00Z');
    expect(reversed.filter).toEqual({ from: '2026-06-15T10:00:00Z' });
    expect(reversed.dropped).toHaveLength(1);
  });
});
