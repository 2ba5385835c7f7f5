import { userInfo } from 'node:os';
import type { AppInfo } from '../../shared/domain/app-info';

/** Who is at the console, for records such as "personal details revealed by ...". */
export function operatorName(host: AppInfo['host']): string {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // no user name in this environment (a container); the host still says which console it was
  }
  return `${user} (${host === 'desktop' ? 'desktop app' : 'browser console of the headless host'})`;
}
