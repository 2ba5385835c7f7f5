import { describe, expect, it } from 'vitest';
import { consoleModeInWords } from '../../../../renderer/src/shell/console-mode';

describe('which engine the console shows', () => {
  it("says the desktop's own engine, or the server's host", () => {
    expect(consoleModeInWords('ipc', 'localhost')).toBe("This workstation's engine");
    expect(consoleModeInWords('websocket', 'casebridge.council.example:8443')).toBe('Server casebridge.council.example:8443');
  });
});
