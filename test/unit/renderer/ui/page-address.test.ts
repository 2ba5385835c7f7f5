/** The page in the address (`#/log?level=error`): which page, and the query it keeps after it. */
import { describe, expect, it } from 'vitest';
import { splitPageAddress } from '../../../../renderer/src/ui/page-address';

describe('the page address', () => {
  it('reads the page and the query a page keeps after it', () => {
    expect(splitPageAddress('#/log')).toEqual({ page: 'log', query: '' });
    expect(splitPageAddress('#/log?level=error&q=a?b')).toEqual({ page: 'log', query: 'level=error&q=a?b' });
    expect(splitPageAddress('#/nowhere?x=1')).toEqual({ page: null, query: 'x=1' });
    expect(splitPageAddress('')).toEqual({ page: null, query: '' });
  });
});
