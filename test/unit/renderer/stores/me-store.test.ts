import { afterEach, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../../../shared/domain/people';
import { can, useMeStore } from '../../../../renderer/src/stores/me-store';

afterEach(() => useMeStore.setState({ me: null }));

describe('what the person at the console may do', () => {
  it('allows nothing until who they are is known', () => {
    expect(can('view')).toBe(false);
    expect(can('jobs')).toBe(false);
  });

  it("follows the engine's answer to who am I", () => {
    useMeStore.setState({ me: { name: 'Jo Bloggs', role: 'support', source: 'local', username: 'jbloggs', permissions: [...ROLE_PERMISSIONS.support], signedIn: true } });
    expect(can('jobs')).toBe(true);
    expect(can('reveal')).toBe(true);
    expect(can('templates')).toBe(false);
    expect(can('connections')).toBe(false);
  });
});
