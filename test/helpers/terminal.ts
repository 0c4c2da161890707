import { execFileSync } from 'node:child_process';

const bin = new URL('../../bin/fleet.js', import.meta.url).pathname;

/** A real terminal for the CLI: tmux runs it, `type` sends keys, `waitFor` reads the screen. */
export interface Terminal {
  /** Sends keys as tmux's send-keys names them: text, 'Enter', 'Left'… */
  type(...keys: string[]): void;
  /** The screen once it shows `text` (polled: a terminal has no event to wait on). */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  /** Ends the tmux session (in afterAll). */
  close(): void;
}

/**
 * Starts `fleet ARGS` (a shell fragment, quoted as the shell needs) in a new tmux session of
 * width × height in `cwd`, with CI unset so it sees a terminal; the pane stays for 30 s after the
 * command ends, so its last screen can be read.
 */
export function fleetOnTerminal(args: string, options: { cwd: string; width?: number; height?: number }): Terminal {
  const session = `fleet-tty-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...tmuxArgs: string[]) => execFileSync('tmux', tmuxArgs, { encoding: 'utf8' });
  const size = [String(options.width ?? 160), String(options.height ?? 50)];
  const command = `env -u CI node ${bin} ${args}; echo "exit $?"; sleep 30`;
  tmux('new-session', '-d', '-s', session, '-x', size[0], '-y', size[1], '-c', options.cwd, command);
  return {
    type: (...keys) => void tmux('send-keys', '-t', session, ...keys),
    async waitFor(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const shown = tmux('capture-pane', '-p', '-t', session);
        if (shown.includes(text)) return shown;
        if (Date.now() > deadline) throw new Error(`the terminal never showed '${text}':\n${shown}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close() {
      try {
        tmux('kill-session', '-t', session);
      } catch {
        // already gone
      }
    },
  };
}
