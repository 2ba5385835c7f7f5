import { userInfo } from 'node:os';
import type { AppInfo } from '../../shared/domain/app-info';
import type { Caller } from '../../shared/domain/people';

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

/**
 * The one person at this workstation, who needs no sign-in: on the desktop's own engine (over IPC)
 * and on the headless host's loopback console (with its token). They administer their own engine.
 */
export function localCaller(host: AppInfo['host']): Caller {
  return { name: operatorName(host), role: 'administrator', source: host === 'desktop' ? 'desktop' : 'token' };
}
