import { create } from 'zustand';
import type { CaseReceipt } from '../../../shared/domain/case-view';

/** What one import of a file came to, kept until dismissed (or the next import). */
export interface ImportOutcome {
  fileName: string;
  receipts: CaseReceipt[];
}

/**
 * The Cases page's own state, kept while other pages are open: the search, the case open, the last
 * import's results and a notice, so going to the Templates page and back loses nothing.
 */
interface CasesStore {
  search: string;
  /** The case whose detail shows; null for the list. */
  openCaseId: string | null;
  /** The case last opened, so the list can give its row the focus back. */
  lastOpenedId: string | null;
  importOutcome: ImportOutcome | null;
  notice: string | null;
  /** Bumped when this console stored cases, so the list loads again. */
  listVersion: number;
  setSearch(search: string): void;
  open(id: string, notice?: string): void;
  close(): void;
  setImportOutcome(outcome: ImportOutcome | null): void;
  setNotice(notice: string | null): void;
  casesStored(): void;
  /** The open case was erased: back to the list (loaded again, without it), saying what was erased. */
  caseErased(notice: string): void;
  /** The list gave the row its focus back: once only, not each time it shows again. */
  focusRestored(): void;
}

export const useCasesStore = create<CasesStore>((set) => ({
  search: '',
  openCaseId: null,
  lastOpenedId: null,
  importOutcome: null,
  notice: null,
  listVersion: 0,
  setSearch: (search) => set({ search }),
  open: (id, notice) => set({ openCaseId: id, lastOpenedId: id, notice: notice ?? null }),
  close: () => set({ openCaseId: null, notice: null }),
  setImportOutcome: (importOutcome) => set({ importOutcome }),
  setNotice: (notice) => set({ notice }),
  casesStored: () => set((state) => ({ listVersion: state.listVersion + 1 })),
  caseErased: (notice) => set((state) => ({ openCaseId: null, lastOpenedId: null, notice, listVersion: state.listVersion + 1 })),
  focusRestored: () => set({ lastOpenedId: null }),
}));
