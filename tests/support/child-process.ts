// Run a TypeScript script of this repository as a child process (node + tsx), wait for the
// line that says it is ready, and kill it the hard way when a test wants a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** The rest of the ready line (after the marker). */
  readonly ready: string;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  /** `kill -9`; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a graceful stop); resolves with the exit code. */
  stop(): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

/**
 * Starts `node --import tsx <script>` (a path from the repository root) and resolves when a stdout line starts with
 * `marker`; rejects (with the child's output) when it exits first or takes longer than timeoutMs.
 */
export function startChild(script: string, marker: string, env: Record<string, string>, timeoutMs = 30_000): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not say '${marker}' within ${timeoutMs} ms. Its output:\n${out}`));
    }, timeoutMs);
    let buffered = '';
    let done = false;
    child.stdout?.on('data', (d: string) => {
      out += d;
      if (done) return;
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      const line = lines.find((l) => l.startsWith(marker));
      if (line === undefined) return;
      done = true;
      clearTimeout(timer);
      const pid = child.pid ?? -1;
      resolve({
        process: child,
        pid,
        ready: line.slice(marker.length).trim(),
        output: () => out,
        exited,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const error = Object.assign(new Error(`${script} exited with code ${String(code)} before it was ready. Its output:\n${out}`), { exitCode: code, output: out });
      reject(error);
    });
  });
}
