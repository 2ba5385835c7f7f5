/**
 * The engine's wiring of cases and rules into templates: the designer's palette offers cases the
 * CRM sent, and a template a rule applies cannot be deleted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../shared/dispatch';
import type { Template } from '../../../../shared/domain/template';
import { createCaseStore } from '../../../../electron/engine/cases/case-store';
import { createRuleService } from '../../../../electron/engine/cases/rules';
import { createCaseRepo } from '../../../../electron/engine/store/case-repo';
import { openStore } from '../../../../electron/engine/store/open-store';
import { createRuleRepo } from '../../../../electron/engine/store/rule-repo';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { join } from 'node:path';

let t: TestEngine;
afterEach(async () => t?.dispose());

describe('cases and rules in the engine', () => {
  it('offers the cases received most recently to the designer, newest first', async () => {
    t = startTestEngine();
    expect(await dispatchCall(t.engine.handlers, 'listRecentCases', {}, t.engine.localCaller)).toEqual({ ok: true, value: [] });
    // The CRM's cases arrive through the case store (the webhook's way in), in another connection.
    const store = openStore(join(t.dataDir, 'casebridge.sqlite'));
    const cases = createCaseStore({ repo: createCaseRepo(store), clock: t.clock });
    cases.receive({ id: 'CRM-1', type: 'Noise complaint' });
    t.clock.advance(1000);
    cases.receive(flyTipping);
    store.close();
    const recent = await dispatchCall(t.engine.handlers, 'listRecentCases', { limit: 5 }, t.engine.localCaller);
    expect(recent.ok && (recent.value as { id: string }[]).map((c) => c.id)).toEqual([flyTipping.id, 'CRM-1']);
  });

  it('refuses to delete a template a rule applies, naming the rule', async () => {
    t = startTestEngine();
    await t.engine.handlers.createReference({ name: 'SR number' });
    const template = (await t.engine.handlers.saveTemplate({
      draft: { name: 'Noise create', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] },
    })) as Template;
    const store = openStore(join(t.dataDir, 'casebridge.sqlite'));
    const rules = createRuleService({ repo: createRuleRepo(store.db), clock: t.clock, templateKind: () => 'create' });
    rules.create({ name: 'Noise to Tascomi', caseType: 'Noise complaint', on: 'created', templateId: template.id });
    store.close();
    const refused = await dispatchCall(t.engine.handlers, 'deleteTemplate', { id: template.id }, t.engine.localCaller);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Noise to Tascomi/) } });
    expect((await t.engine.handlers.listTemplates({})).map((s) => s.name)).toEqual(['Noise create']);
  });
});
