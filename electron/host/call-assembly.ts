/**
 * Puts a large call back together from its parts (shared/call-parts.ts), one connection at a time,
 * within a budget the whole host shares, so that many consoles sending large files at once cannot
 * take all the engine's memory.
 *
 * Decisions:
 * - A call reserves its declared length from the budget when its first part arrives, and gives it
 *   back when it completes or is dropped: a call that could not finish never starts, and a console
 *   told "busy" has sent one frame, not twenty megabytes.
 * - At most one call is put together per connection (the console sends large calls one at a time).
 *   The first part of another call while one is unfinished means the console gave that one up (it
 *   timed out): the older call is dropped and answered, the new one starts.
 * - Every part must match the first (id, count, length) and come in order; anything else drops the
 *   call and answers it with what was wrong. Parts of a call that is not being put together are
 *   answered on their own and change nothing.
 * - The connection closing drops its call (the host calls `drop`).
 */
import { MAX_CALL_CHARS, MAX_PARTS, PART_CHARS } from '../../shared/call-parts';
import type { PartFrame } from '../../shared/wire';

/** Characters of call text being put together, across every connection of the host. */
export interface AssemblyBudget {
  readonly limit: number;
  readonly inUse: number;
  reserve(chars: number): boolean;
  release(chars: number): void;
}

export function createAssemblyBudget(limit: number): AssemblyBudget {
  let inUse = 0;
  return {
    limit,
    get inUse() {
      return inUse;
    },
    reserve(chars) {
      if (inUse + chars > limit) return false;
      inUse += chars;
      return true;
    },
    release(chars) {
      inUse = Math.max(0, inUse - chars);
    },
  };
}

/** One host-wide budget fits the largest call the contract accepts, and several ordinary large imports. */
export const DEFAULT_ASSEMBLY_BUDGET_CHARS = MAX_CALL_CHARS;

/** What became of a part: wait for more, the whole call text, or a call to answer with an error. */
export type PartOutcome = { kind: 'received' } | { kind: 'complete'; text: string } | { kind: 'refused'; id: number; code: 'invalid_input' | 'failed'; message: string };

export interface CallAssembly {
  /** Takes one part; may also drop an older unfinished call, answered through `onDropped`. */
  accept(part: PartFrame): PartOutcome;
  /** Drops the unfinished call, if any, and gives its budget back. */
  drop(): void;
}

interface InProgress {
  id: number;
  count: number;
  length: number;
  next: number;
  received: number;
  texts: string[];
}

export function createCallAssembly(budget: AssemblyBudget, onDropped: (id: number, message: string) => void): CallAssembly {
  let current: InProgress | null = null;

  const drop = () => {
    if (current) budget.release(current.length);
    current = null;
  };
  const refuse = (id: number, message: string, code: 'invalid_input' | 'failed' = 'invalid_input'): PartOutcome => ({ kind: 'refused', id, code, message });

  const start = (part: PartFrame): PartOutcome => {
    const { id, count, length, text } = part;
    if (length > MAX_CALL_CHARS) {
      return refuse(id, `Call ${id} is ${length.toLocaleString('en-GB')} characters of JSON; the engine accepts at most ${MAX_CALL_CHARS.toLocaleString('en-GB')} in one call.`);
    }
    if (count > MAX_PARTS || count < Math.ceil(length / PART_CHARS) || count > length) {
      return refuse(
        id,
        `Call ${id} says it comes in ${count} parts for ${length} characters; parts hold 1 to ${PART_CHARS} characters each, and a call has at most ${MAX_PARTS} parts.`,
      );
    }
    if (current) {
      const older = current;
      drop();
      onDropped(older.id, `Call ${older.id} was dropped after ${older.next} of its ${older.count} parts: the console started sending call ${id} instead.`);
    }
    if (!budget.reserve(length)) {
      return refuse(
        id,
        `The engine is busy receiving other large calls just now; try again in a moment (call ${id} needs ${length.toLocaleString('en-GB')} characters of the ${budget.limit.toLocaleString('en-GB')} it sets aside for them, and ${budget.inUse.toLocaleString('en-GB')} are in use).`,
        'failed',
      );
    }
    current = { id, count, length, next: 1, received: text.length, texts: [text] };
    return { kind: 'received' };
  };

  const carryOn = (part: PartFrame, call: InProgress): PartOutcome => {
    const { id, index, count, length, text } = part;
    const problem =
      index !== call.next
        ? `part ${index} arrived where part ${call.next} was due (parts must come in order)`
        : count !== call.count || length !== call.length
          ? `part ${index} says ${count} parts of ${length} characters, but part 0 said ${call.count} parts of ${call.length}`
          : call.received + text.length > call.length
            ? `its parts hold more than the ${call.length} characters part 0 declared`
            : index === call.count - 1 && call.received + text.length !== call.length
              ? `its ${call.count} parts hold ${call.received + text.length} characters, but part 0 declared ${call.length}`
              : null;
    if (problem) {
      drop();
      return refuse(id, `Call ${id} was not received: ${problem}.`);
    }
    call.texts.push(text);
    call.received += text.length;
    call.next++;
    if (call.next < call.count) return { kind: 'received' };
    const whole = call.texts.join('');
    drop();
    return { kind: 'complete', text: whole };
  };

  return {
    accept(part) {
      if (part.text.length > PART_CHARS) {
        if (current?.id === part.id) drop();
        return refuse(part.id, `Part ${part.index} of call ${part.id} holds ${part.text.length} characters; a part holds at most ${PART_CHARS}.`);
      }
      if (current?.id === part.id) return carryOn(part, current);
      if (part.index === 0) return start(part);
      return refuse(
        part.id,
        `Part ${part.index} of call ${part.id} arrived, but call ${part.id} is not being received (its part 0 never came, was refused, or the call was dropped).`,
      );
    },
    drop,
  };
}
