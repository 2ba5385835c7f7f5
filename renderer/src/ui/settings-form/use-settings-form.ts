import { useEffect, useRef, useState, type DependencyList, type FormEvent } from 'react';
import { useApi } from '../../api/api-context';
import { ContractCallError, describeError } from '../../api/contract-call-error';
import type { Api } from '../../api/create-api';
import { useUnsavedWork } from '../use-unsaved-work';

/** What a settings form says when the engine (or the form itself) marks some of its fields. */
export const NEEDS_CORRECTING = 'Some settings need correcting: see the marked fields.';

/** The status line every settings form shows after Save (a form may add kinds of its own). */
export type SettingsOutcome = { kind: 'saved'; message: string } | { kind: 'error'; message: string };

/** A message under each field the engine (or the form) objects to. */
export type FieldErrors<F> = Partial<Record<keyof F & string, string>>;

/**
 * The refused call's objections, by the form field each is about, or null when the error is not
 * about the input or names none of `fields`. An issue's path is the input's path (`baseUrl`,
 * `settings.concurrency`): `prefix` strips the part the call wraps the form in, and the first
 * segment left is the field. The first issue for a field wins: it is the first check that failed.
 */
export function fieldErrorsByPath<K extends string>(error: unknown, fields: readonly K[], prefix = ''): Partial<Record<K, string>> | null {
  if (!(error instanceof ContractCallError) || error.code !== 'invalid_input' || !error.issues?.length) return null;
  const errors: Partial<Record<K, string>> = {};
  for (const issue of error.issues) {
    const path = prefix && issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    const key = path.split('.')[0] as K;
    // An issue about no field of this form (the input as a whole) is left to the error's own message.
    if (fields.includes(key)) errors[key] ??= issue.message;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** A number field's value as typed: '' while it is empty (Mantine's NumberInput gives a string then). */
export function numberOrEmpty(value: number | string): number | '' {
  return typeof value === 'number' ? value : value.trim() === '' ? '' : Number(value);
}

/**
 * A number field's value with an empty or unreadable one read as 0, which the engine's check of the
 * settings then refuses at the field where 0 is out of range (the connection forms); numberOrEmpty
 * with missingNumbers says 'enter a number' instead.
 */
export function numberFromInput(value: string | number): number {
  return typeof value === 'number' ? value : Number(value) || 0;
}

/** 'enter a number' under each number field left empty (or unreadable), or null when all are numbers. */
export function missingNumbers<F extends Record<string, number | ''>>(values: F): FieldErrors<F> | null {
  const empty = Object.keys(values).filter((key) => values[key] === '' || Number.isNaN(values[key]));
  return empty.length > 0 ? (Object.fromEntries(empty.map((key) => [key, 'enter a number'])) as FieldErrors<F>) : null;
}

/** Whether two forms' values are the same, field by field (what "dirty" compares against). */
export function sameValues<F extends object>(a: F, b: F): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export interface SettingsFormOptions<V, F> {
  /** Reads the saved settings through the contract. */
  load(api: Api): Promise<V>;
  /** What, besides the api, makes `load` read something else (a connector). */
  loadDeps?: DependencyList;
  /** The form's values for saved settings (secrets start empty: they are never read back). */
  toForm(view: V): F;
  /** The settings in words, for the load error: "the Tascomi settings". */
  what: string;
  /** The part of an issue's path before the form's fields, when the call nests them (`settings.`). */
  issuePrefix?: string;
  /** The status when fields are marked. */
  invalidMessage?: string;
  /** The form's own checks before anything is sent: errors by field, or null to go on. */
  validate?(values: F): FieldErrors<F> | null;
  /** Whether an edit takes the last status away (the form's status then only ever speaks of what is shown). */
  clearOutcomeOnEdit?: boolean;
}

/**
 * The load/edit/save machinery the settings forms share: the saved settings loaded once (with a
 * loading state and a load error), the edited values and whether they differ from the saved ones,
 * calls run with a busy flag and a status, and a refused call's field issues put under the fields.
 * Each form keeps its own fields, texts and extra actions; `B` and `O` are its extra busy kinds and
 * outcomes (a connection test, a company list).
 */
export function useSettingsForm<V, F extends object, B extends string = never, O extends { kind: string } = never>(options: SettingsFormOptions<V, F>) {
  const { toForm, what, issuePrefix = '', invalidMessage = NEEDS_CORRECTING, validate, clearOutcomeOnEdit = false } = options;
  const api = useApi();
  const [view, setView] = useState<V | null>(null);
  const [values, setValues] = useState<F | null>(null);
  const [savedValues, setSavedValues] = useState<F | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<B | 'saving' | null>(null);
  const [outcome, setOutcome] = useState<O | SettingsOutcome | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  // The values a failing call was made with name the fields its issues can be about.
  const valuesRef = useRef<F | null>(null);
  valuesRef.current = values;

  /** Shows settings the engine answered as the saved ones: the form starts again from them. */
  const accept = (saved: V) => {
    const form = toForm(saved);
    setView(saved);
    setValues(form);
    setSavedValues(form);
  };

  useEffect(() => {
    let current = true; // an answer for a connector no longer shown is dropped
    options
      .load(api)
      .then((loaded) => current && accept(loaded))
      .catch((error: unknown) => current && setLoadError(`Could not load ${what}: ${describeError(error)}`))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- not `load` itself: it is a new closure each render; what it reads besides the api is in loadDeps
  }, [api, ...(options.loadDeps ?? [])]);

  /** One field edited: its old objection no longer applies. */
  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setValues((form) => (form ? { ...form, [key]: value } : form));
    setFieldErrors(({ [key as keyof F & string]: _gone, ...rest }) => rest as FieldErrors<F>);
    if (clearOutcomeOnEdit) setOutcome(null);
  };

  /**
   * Runs a call with `kind` busy and the last status cleared; a refusal about fields goes under
   * them, any other failure is the status. `keepFieldErrors` for a call that cannot be about them.
   */
  const run = async (kind: B | 'saving', action: () => Promise<void>, { keepFieldErrors = false } = {}) => {
    setBusy(kind);
    setOutcome(null);
    if (!keepFieldErrors) setFieldErrors({});
    try {
      await action();
    } catch (error) {
      const fields = fieldErrorsByPath(error, Object.keys(valuesRef.current ?? {}) as (keyof F & string)[], issuePrefix);
      if (fields) setFieldErrors(fields);
      setOutcome({ kind: 'error', message: fields ? invalidMessage : describeError(error) });
    } finally {
      setBusy(null);
    }
  };

  /** The form's submit handler: its own checks first, then `save` with the values as edited. */
  const submit = (save: (values: F) => Promise<void>) => (event: FormEvent) => {
    event.preventDefault();
    const form = values;
    if (!form) return;
    const invalid = validate?.(form);
    if (invalid) {
      setFieldErrors(invalid);
      setOutcome({ kind: 'error', message: invalidMessage });
      return;
    }
    void run('saving', () => save(form));
  };

  const dirty = values !== null && savedValues !== null && !sameValues(values, savedValues);
  useUnsavedWork(dirty, `the changes to ${what}`);
  return {
    api,
    view,
    setView,
    values,
    set,
    dirty,
    loading,
    loadError,
    /** For SettingsLoadState while there is nothing to edit yet. */
    loadState: { loading, loadError, what },
    busy,
    outcome,
    setOutcome,
    fieldErrors,
    accept,
    run,
    submit,
  };
}
