import { afterEach, describe, expect, it } from 'vitest';
import { createCodeLists } from '../../../../electron/engine/connectors/tascomi/code-lists';
import { evaluateTemplate } from '../../../../electron/engine/mapping/evaluate';
import { codeEntryView, codeListsForDraft } from '../../../../electron/engine/mapping/draft-code-lists';
import { TASCOMI_SCHEMA } from '../../../../shared/connectors/tascomi-schema';
import { startHarness, type Harness } from '../connectors/tascomi/harness';
import { caseOf, draftOf, REQUIRED_ROWS } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('code lists for the console and the preview', () => {
  it('pickers see a disabled entry of any list as not in use, with the reason', async () => {
    h = await startHarness();
    const lists = createCodeLists({ client: h.client, clock: h.clock });
    const titles = (await lists.get('titles')).map(codeEntryView);
    expect(titles.find((t) => t.code === 'REVD')).toEqual({ id: '7', code: 'REVD', label: 'Reverend (disabled)', active: false, inactive: 'disabled' });
    expect(titles.find((t) => t.code === 'MR')).toEqual({ id: '1', code: 'MR', label: 'Mr', active: true });
    expect((await lists.get('complaint_codes')).map(codeEntryView).find((c) => c.code === 'NOISEOLD')).toMatchObject({ active: false, inactive: 'ceased' });
  });

  it('an old template whose fixed text names a disabled code gets a clear problem at that row in the preview', async () => {
    h = await startHarness();
    const lists = createCodeLists({ client: h.client, clock: h.clock });
    const draft = draftOf('create', [...REQUIRED_ROWS, { id: 'title', to: 'requester.title', from: { kind: 'text', value: 'REVD' } }]);
    const codeLists = await codeListsForDraft({ codeLists: async () => lists }, draft);
    const result = evaluateTemplate(caseOf(), draft, { schema: TASCOMI_SCHEMA, codeLists });
    expect(result.problems).toEqual([
      { row: 4, rowId: 'title', target: 'requester.title', message: 'Row 4 (Requester Title): code "REVD" in titles is disabled in Tascomi (enabled = \'f\'); choose another.' },
    ]);
  });
});
