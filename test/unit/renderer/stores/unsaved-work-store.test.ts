/** The registry of unsaved work that every way out of a page asks before leaving it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { confirmLeaving, guardUnload, leaveIfConfirmed, registerUnsavedWork, unsavedWork, useUnsavedWorkStore } from '../../../../renderer/src/stores/unsaved-work-store';

const question = () => useUnsavedWorkStore.getState().question;

afterEach(() => {
  useUnsavedWorkStore.setState({ unsaved: new Map(), question: null });
  vi.unstubAllGlobals();
});

describe('unsaved work', () => {
  it('lists what registered until each unregisters, twice-unregistering doing nothing', () => {
    const template = registerUnsavedWork("the template 'Fly-tipping'");
    const settings = registerUnsavedWork('the changes to the Tascomi settings');
    expect(unsavedWork()).toEqual(["the template 'Fly-tipping'", 'the changes to the Tascomi settings']);
    template();
    template();
    expect(unsavedWork()).toEqual(['the changes to the Tascomi settings']);
    settings();
    expect(unsavedWork()).toEqual([]);
  });

  it('lets leave at once, without a question, when nothing is unsaved', async () => {
    const leave = vi.fn();
    leaveIfConfirmed(leave);
    expect(leave).toHaveBeenCalledOnce(); // synchronously: a page switch stays immediate
    await expect(confirmLeaving()).resolves.toBe(true);
    expect(question()).toBeNull();
  });

  it('asks what would be lost; Stay keeps the work registered and does not leave', async () => {
    registerUnsavedWork("the template 'Fly-tipping'");
    const leave = vi.fn();
    leaveIfConfirmed(leave);
    expect(question()?.losing).toEqual(["the template 'Fly-tipping'"]);
    question()!.answer(false);
    await Promise.resolve();
    expect(leave).not.toHaveBeenCalled();
    expect(question()).toBeNull();
    expect(unsavedWork()).toEqual(["the template 'Fly-tipping'"]);
  });

  it('leaving discards every registration, so the navigation that follows is not asked again', async () => {
    registerUnsavedWork("the template 'Fly-tipping'");
    registerUnsavedWork('the changes to the retention settings');
    const answered = confirmLeaving();
    question()!.answer(true);
    await expect(answered).resolves.toBe(true);
    expect(unsavedWork()).toEqual([]);
    const leave = vi.fn();
    leaveIfConfirmed(leave);
    expect(leave).toHaveBeenCalledOnce();
  });

  it('a second question answers the first with Stay', async () => {
    registerUnsavedWork("the template 'Fly-tipping'");
    const first = confirmLeaving();
    const second = confirmLeaving();
    await expect(first).resolves.toBe(false);
    question()!.answer(true);
    await expect(second).resolves.toBe(true);
  });

  it('has the browser ask before reloading or closing only while something is unsaved', () => {
    const listeners = new Map<string, (event: Event) => void>();
    vi.stubGlobal('window', {
      addEventListener: (type: string, listener: (event: Event) => void) => listeners.set(type, listener),
      removeEventListener: (type: string) => listeners.delete(type),
    });
    const stop = guardUnload();
    const unload = () => {
      const event = { preventDefault: vi.fn(), returnValue: undefined as unknown };
      listeners.get('beforeunload')!(event as unknown as Event);
      return event;
    };
    expect(unload().preventDefault).not.toHaveBeenCalled();
    const done = registerUnsavedWork('the changes to the case intake settings');
    const asked = unload();
    expect(asked.preventDefault).toHaveBeenCalledOnce();
    expect(asked.returnValue).toBe('');
    done();
    expect(unload().preventDefault).not.toHaveBeenCalled();
    stop();
    expect(listeners.has('beforeunload')).toBe(false);
  });
});
