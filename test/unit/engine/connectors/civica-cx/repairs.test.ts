/** The client references of a raise's three steps: the same for every attempt of a job, within Cx's limit. */
import { describe, expect, it } from 'vitest';
import { stepClientReferences } from '../../../../../electron/engine/connectors/civica-cx/repairs';
import { CX_CLIENT_REFERENCE_MAX } from '../../../../../electron/engine/connectors/civica-cx/dialect';

describe('stepClientReferences', () => {
  it('names the case, the job and the step when they fit', () => {
    expect(stepClientReferences('CAS-2026-019205', 42)).toEqual({ repair: 'CAS-2026-019205/42/repair', task: 'CAS-2026-019205/42/task', worksOrder: 'CAS-2026-019205/42/wo' });
  });

  it('puts a digest in place of a case id too long for Cx, the same on every call and apart for another case or job', () => {
    const long = 'C'.repeat(100);
    const refs = stepClientReferences(long, 123456789);
    for (const ref of Object.values(refs)) expect(ref.length).toBeLessThanOrEqual(CX_CLIENT_REFERENCE_MAX);
    expect(refs.repair).toMatch(/^cb-[0-9a-f]{24}\/123456789\/repair$/);
    expect(stepClientReferences(long, 123456789)).toEqual(refs);
    expect(stepClientReferences(`${'C'.repeat(99)}D`, 123456789).repair).not.toBe(refs.repair);
    expect(stepClientReferences(long, 123456790).repair).not.toBe(refs.repair);
  });
});
