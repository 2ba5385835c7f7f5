/** The jobs filter last used on this machine, so the view survives a restart (the address covers a reload). */
const STORAGE_KEY = 'casebridge.jobFilter';

export function loadStoredJobFilterQuery(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return ''; // storage blocked: start with no filter
  }
}

export function storeJobFilterQuery(query: string): void {
  try {
    if (query) localStorage.setItem(STORAGE_KEY, query);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage blocked or full: the address still carries the filter for this session.
  }
}
