/**
 * The one place that decides whether a connector's stored secret (Tascomi's private key, the Cx
 * password) may be used: only with the address and user it was saved with. The console can name
 * any address in a test, a company list or a save; without this, a blank secret field meant "use
 * the stored one" wherever the console pointed, so anyone at it could send the saved Cx password
 * to a host of their choice, or have requests signed with the saved Tascomi key for another host.
 *
 * Decisions:
 * - The binding is the saved settings themselves (base URL and user), compared as the connection
 *   uses them (shared/domain/stored-secret.ts). Every save keeps the pair true: a stored secret
 *   was typed for the saved address, verified with it, or the address has not changed since.
 * - A typed secret goes wherever the form says: the person typing it knows it. A blank one with
 *   another address or user is refused on the secret's field (CallRefusedError, invalid_input)
 *   before any request is made; with no stored secret the caller says "none is set" as before.
 * - Saving another address or user without typing the secret: refused while the integration is
 *   enabled (the save verifies the connection first, which would send the old secret to the new
 *   address). Saved switched off, nothing is sent, so the save is not refused: the new address is
 *   saved and the stored secret, which belongs to the old one, is removed (the log says so), or
 *   switching on later with a blank field would send it to the new address. Switching off and
 *   clearing the address is how an admin retires a connection; asking for its secret then would
 *   be odd.
 * - Every read of the stored secret goes through here, the live connection's too (its address is
 *   the saved one, so the rule always lets it through).
 */
import { storedSecretRefusal, type SecretBinding, type StoredSecretKind } from '../../../shared/domain/stored-secret';
import { CallRefusedError } from '../../../shared/dispatch';
import type { SecretStore } from '../secrets';

/** What a save sends with, and what it does to the stored secret once the save goes ahead. */
export interface SecretForSave {
  /** The secret to verify the connection with; undefined when there is none to use. */
  value: string | undefined;
  /** For the save's log line, when the stored secret is removed. */
  note?: string;
  /** Keeps a typed secret, removes one that belongs to the old address, or does nothing. */
  commit(): Promise<void>;
}

export interface StoredSecret {
  isSet(): Promise<boolean>;
  /**
   * The secret a call to `wanted` may send: the typed one, or the stored one when `wanted` is the
   * saved address and user; undefined when neither exists. Throws CallRefusedError otherwise.
   */
  forCall(typed: string | undefined, wanted: SecretBinding): Promise<string | undefined>;
  /** The same for settings about to be saved as `next` (see the decisions above). */
  forSave(typed: string | undefined, next: SecretBinding, enabled: boolean): Promise<SecretForSave>;
}

export function createStoredSecret(deps: { secrets: SecretStore; name: string; kind: StoredSecretKind; saved: () => SecretBinding }): StoredSecret {
  const { secrets, name, kind } = deps;
  const refuse = (reason: string) => new CallRefusedError(reason, 'invalid_input', [{ path: kind.field, message: reason }]);
  const nothing = async () => {};

  return {
    isSet: () => secrets.has(name),

    async forCall(typed, wanted) {
      if (typed) return typed;
      if (!(await secrets.has(name))) return undefined;
      const refusal = storedSecretRefusal(kind, deps.saved(), wanted);
      if (refusal) throw refuse(refusal);
      return secrets.get(name);
    },

    async forSave(typed, next, enabled) {
      if (typed) return { value: typed, commit: () => secrets.set(name, typed) };
      if (!(await secrets.has(name))) return { value: undefined, commit: nothing };
      const saved = deps.saved();
      const refusal = storedSecretRefusal(kind, saved, next);
      if (!refusal) return { value: await secrets.get(name), commit: nothing };
      if (enabled) throw refuse(refusal);
      return {
        value: undefined,
        note: `The saved ${kind.secret} was removed: it was only for ${saved.baseUrl || 'no address'} ${kind.relation} the saved ${kind.user}; type it again when you switch the integration on.`,
        commit: () => secrets.delete(name),
      };
    },
  };
}
