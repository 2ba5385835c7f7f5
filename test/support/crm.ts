/** Posts a case to the webhook as the CRM does: JSON signed with the shared secret. */
import { signBody, SIGNATURE_HEADER } from '../../electron/engine/cases/webhook';

export interface CrmAnswer {
  /** 0 when no answer came (the host is gone or refused the connection). */
  status: number;
  body: { message?: string; id?: string; event?: string } | null;
}

export async function postCase(url: string, secret: string, kase: object): Promise<CrmAnswer> {
  const body = JSON.stringify(kase);
  try {
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(secret, body) }, body });
    return { status: answer.status, body: (await answer.json().catch(() => null)) as CrmAnswer['body'] };
  } catch {
    return { status: 0, body: null };
  }
}
