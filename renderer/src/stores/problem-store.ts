import { create } from 'zustand';

/** The latest thing that went wrong and a person should know about, until they dismiss it. */
interface ProblemStore {
  problem: string | null;
  report(problem: string): void;
  dismiss(): void;
}

export const useProblemStore = create<ProblemStore>((set) => ({
  problem: null,
  report: (problem) => set({ problem }),
  dismiss: () => set({ problem: null }),
}));
