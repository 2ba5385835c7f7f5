/**
 * What only a developer's own run may take from the environment: electron-vite's dev server (hot
 * reload) and a SQLite module built for this Electron outside node_modules (npm start's copy in
 * .cache/). An installed app takes neither, whatever the environment says: either would let anyone
 * who can set a variable on the workstation load other code into the signed app.
 */
export interface DevelopmentOverrides {
  /** The console's dev server: unpackaged and CASEBRIDGE_DEV=1 (set by `npm run dev`) only. */
  devServerUrl?: string;
  /** The SQLite module's native binding: unpackaged only (`npm start` and `npm run dev` set it). */
  sqliteNativeBinding?: string;
  /** The variables set but not taken, and why, for the log. */
  ignored: string[];
}

export function developmentOverrides(isPackaged: boolean, env: Record<string, string | undefined>): DevelopmentOverrides {
  const devServer = env.ELECTRON_RENDERER_URL?.trim() || undefined;
  const binding = env.CASEBRIDGE_SQLITE_BINDING?.trim() || undefined;
  const ignored: string[] = [];
  const overrides: DevelopmentOverrides = { ignored };
  if (devServer) {
    if (isPackaged) ignored.push('ELECTRON_RENDERER_URL is ignored: an installed casebridge shows only its own console.');
    else if (env.CASEBRIDGE_DEV !== '1') ignored.push('ELECTRON_RENDERER_URL is ignored without CASEBRIDGE_DEV=1 (npm run dev sets both).');
    else overrides.devServerUrl = devServer;
  }
  if (binding) {
    if (isPackaged) ignored.push('CASEBRIDGE_SQLITE_BINDING is ignored: an installed casebridge uses the SQLite module it was built with.');
    else overrides.sqliteNativeBinding = binding;
  }
  return overrides;
}
