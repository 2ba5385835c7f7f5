/**
 * What a connection form's secret field says when the form names another address or user than the
 * saved ones and the field is empty: the engine's own words (the stored secret is not sent there,
 * type it again), shown as the admin types, before Test or Save is refused with them.
 */
import { storedSecretRefusal, type SecretBinding, type StoredSecretKind } from '../../../../shared/domain/stored-secret';

export interface SecretFieldState {
  /** Whether a secret is stored, and the address and user it was saved with. */
  stored: { set: boolean; saved: SecretBinding };
  /** The form as edited: its address, user, the secret typed ('' for none) and the Enabled switch. */
  form: SecretBinding & { typed: string; enabled: boolean };
}

/** The hint under the secret field, or undefined when the stored secret would be used as it is (or none is stored). */
export function storedSecretHint(kind: StoredSecretKind, { stored, form }: SecretFieldState): string | undefined {
  if (!stored.set || form.typed) return undefined;
  const refusal = storedSecretRefusal(kind, stored.saved, { baseUrl: form.baseUrl, user: form.user.trim() });
  if (!refusal) return undefined;
  // A save switched off is not refused: it forgets the secret instead (electron/engine/connectors/stored-secret.ts).
  return form.enabled ? refusal : `${refusal} Saved switched off without it, the saved ${kind.secret} is removed.`;
}
