import { describe, expect, it } from 'vitest';
import { mediaTypeOf } from '../../../../renderer/src/ui/download-file';

describe('the media type of a saved file', () => {
  it('labels a log export as CSV and a template as JSON, whatever the case of the extension', () => {
    expect(mediaTypeOf('casebridge-log-2026-12-04.csv')).toBe('text/csv;charset=utf-8');
    expect(mediaTypeOf('Fly-tipping create.JSON')).toBe('application/json');
  });

  it('labels anything else as plain text, a dot in a folder name or none at all included', () => {
    expect(mediaTypeOf('notes.txt')).toBe('text/plain;charset=utf-8');
    expect(mediaTypeOf('export')).toBe('text/plain;charset=utf-8');
    expect(mediaTypeOf('v1.2/export')).toBe('text/plain;charset=utf-8');
  });
});
