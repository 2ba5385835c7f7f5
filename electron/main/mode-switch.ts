/**
 * Choosing between this workstation's engine and a casebridge server: at start-up (the saved
 * choice, or `--server`), and from the menu ("Connect to a casebridge server…", "Use this
 * workstation's engine"). A switch is saved and then the app restarts, so the local engine is
 * closed (or started) the same clean way as on any quit and start.
 */
import type { MessageBoxOptions } from 'electron';
import { checkServerUrl, localModeAfter, trustedPin, type ConsoleMode, type ConsoleModeFile, type ServerMode } from './console-mode';
import type { ServerCertificate } from './server-certificate';
import { checkServer, type Ask } from './trust-on-first-use';

export interface ModeSwitchDeps {
  file: ConsoleModeFile;
  readCertificate(url: string): Promise<ServerCertificate>;
  ask: Ask;
  /** Asks for a server's address (the connect prompt); undefined when the person cancels. */
  promptForUrl(initial: string | undefined, check: typeof checkServerUrl): Promise<string | undefined>;
  /** Restarts the app (after the mode file says what to start in). */
  relaunch(): void;
  now(): Date;
}

export interface ModeSwitch {
  /** The mode to run in, having checked the server's certificate; undefined when the person chose to quit. */
  chooseAtStart(serverArg?: string): Promise<ConsoleMode | undefined>;
  /** The menu's "Connect to a casebridge server…". */
  connect(current: ConsoleMode): Promise<void>;
  /** The menu's "Use this workstation's engine". */
  useLocal(current: ConsoleMode): void;
  /** The server's console did not load: try again, go back to this workstation's engine, or quit. */
  consoleDidNotLoad(server: ServerMode, reason: string): Promise<'retry' | 'quit' | 'switched'>;
}

const tell = (ask: Ask, options: Pick<MessageBoxOptions, 'type' | 'title' | 'message' | 'detail'>) => ask({ ...options, buttons: ['OK'], defaultId: 0, cancelId: 0, noLink: true });

export function createModeSwitch(deps: ModeSwitchDeps): ModeSwitch {
  return {
    async chooseAtStart(serverArg) {
      const { mode: saved, warning } = deps.file.read();
      if (warning)
        await tell(deps.ask, { type: 'warning', title: 'casebridge runs this workstation’s engine', message: 'The saved choice of server could not be read.', detail: warning });
      const url = serverArg ?? (saved.mode === 'server' ? saved.url : undefined);
      if (!url) return saved;
      for (;;) {
        const result = await checkServer(url, trustedPin(saved), deps);
        if (result.kind === 'connect') {
          if (JSON.stringify(result.mode) !== JSON.stringify(saved)) deps.file.save(result.mode);
          return result.mode;
        }
        const choice = await deps.ask({
          type: 'warning',
          title: 'Not connected to the casebridge server',
          message: `casebridge is not connected to the server at ${new URL(url).host}.`,
          detail: result.kind === 'unreachable' ? result.message : 'Its certificate was not trusted.',
          buttons: ['Quit', 'Try again', 'Use this workstation’s engine'],
          defaultId: 1,
          cancelId: 0,
          noLink: true,
        });
        if (choice.response === 1) continue;
        if (choice.response !== 2) return undefined;
        const local = localModeAfter(saved);
        deps.file.save(local);
        return local;
      }
    },

    async connect(current) {
      const pin = trustedPin(current);
      const url = await deps.promptForUrl(current.mode === 'server' ? current.url : pin?.url, checkServerUrl);
      if (!url) return;
      const result = await checkServer(url, pin, deps);
      if (result.kind === 'unreachable') {
        return void (await tell(deps.ask, { type: 'error', title: 'Could not connect', message: `casebridge could not connect to ${new URL(url).host}.`, detail: result.message }));
      }
      if (result.kind === 'declined') return;
      deps.file.save(result.mode);
      deps.relaunch();
    },

    useLocal(current) {
      if (current.mode === 'local') return;
      deps.file.save(localModeAfter(current));
      deps.relaunch();
    },

    async consoleDidNotLoad(server, reason) {
      const choice = await deps.ask({
        type: 'warning',
        title: 'The server’s console did not open',
        message: `casebridge could not open the console of the server at ${new URL(server.url).host}.`,
        detail: `${reason}\n\nCheck that the server is running and that this computer can reach it.`,
        buttons: ['Try again', 'Use this workstation’s engine', 'Quit'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      });
      if (choice.response === 0) return 'retry';
      if (choice.response !== 1) return 'quit';
      this.useLocal(server);
      return 'switched';
    },
  };
}
