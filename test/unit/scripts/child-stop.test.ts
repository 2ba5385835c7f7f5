import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { passStopToChild, type StoppableChild } from '../../../scripts/child-stop.mjs';
import type { StopSignal } from '../../../shared/stop-signals.mjs';

function fakeChild() {
  const kills: (StopSignal | undefined)[] = [];
  const child: StoppableChild & { kills: typeof kills; exited(): void } = {
    exitCode: null,
    signalCode: null,
    kills,
    kill(signal) {
      kills.push(signal);
      return true;
    },
    exited() {
      (this as { exitCode: number | null }).exitCode = 0;
    },
  };
  return child;
}

describe('passStopToChild', () => {
  it('on Linux passes SIGINT and SIGTERM on, each time, until the child has exited', () => {
    const host = new EventEmitter();
    const child = fakeChild();
    passStopToChild(child, { platform: 'linux', host, say: () => {} });
    host.emit('SIGTERM');
    host.emit('SIGINT');
    child.exited();
    host.emit('SIGINT');
    expect(child.kills).toEqual(['SIGTERM', 'SIGINT']);
    expect(host.listenerCount('SIGBREAK')).toBe(0);
  });

  it('on Windows waits for the child’s own clean stop on the first Ctrl+C or Ctrl+Break, and ends it at once on the second', () => {
    const host = new EventEmitter();
    const child = fakeChild();
    const said: string[] = [];
    passStopToChild(child, { platform: 'win32', host, say: (line) => said.push(line) });
    expect(host.listenerCount('SIGTERM')).toBe(0);
    host.emit('SIGBREAK');
    expect(child.kills).toEqual([]);
    expect(said).toEqual(['casebridge: stopping; press Ctrl+C again to end it at once.']);
    host.emit('SIGINT');
    expect(child.kills).toEqual([undefined]);
  });

  it('stops listening when asked', () => {
    const host = new EventEmitter();
    const stopListening = passStopToChild(fakeChild(), { platform: 'win32', host, say: () => {} });
    expect(host.listenerCount('SIGINT')).toBe(1);
    stopListening();
    expect(['SIGINT', 'SIGBREAK', 'SIGHUP'].map((s) => host.listenerCount(s))).toEqual([0, 0, 0]);
  });
});
