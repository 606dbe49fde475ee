// Child processes for the bench: each part that is measured (the engine, the null gateway, the
// load) runs in a process of its own, so its CPU and RSS can be read from /proc alone, and the
// parts talk over Node's IPC channel with a small typed call/answer protocol.
import { fork, type ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** What a child serves: one-argument functions, called by name from the parent. */
export type Api = { readonly [name: string]: (arg: never) => unknown };
type ArgOf<F> = F extends (arg: infer P) => unknown ? P : never;
type ResultOf<F> = F extends (arg: never) => infer R ? Awaited<R> : never;

interface Request {
  readonly rpc: number;
  readonly name: string;
  readonly arg: unknown;
}
interface Reply {
  readonly rpc: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}
interface Notice {
  readonly event: string;
  readonly data: unknown;
}

const isObject = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;
const isRequest = (m: unknown): m is Request => isObject(m) && typeof m['rpc'] === 'number' && typeof m['name'] === 'string';
const isReply = (m: unknown): m is Reply => isObject(m) && typeof m['rpc'] === 'number' && typeof m['ok'] === 'boolean';
const isNotice = (m: unknown): m is Notice => isObject(m) && typeof m['event'] === 'string';

// ------------------------------------------------------------------ child side

/** In a child: answer the parent's calls with `api`. */
export function serve(api: Api): void {
  process.on('message', (m: unknown) => {
    if (!isRequest(m)) return;
    const fn = api[m.name] as ((arg: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!fn) throw new Error(`this child serves no call named ${m.name}`);
        return fn(m.arg);
      })
      .then(
        (value: unknown) => process.send?.({ rpc: m.rpc, ok: true, value } satisfies Reply),
        (error: unknown) => process.send?.({ rpc: m.rpc, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply),
      );
  });
  // The parent going away (Ctrl-C, a crash) takes the child with it.
  process.on('disconnect', () => process.exit(0));
}

/** In a child: tell the parent something happened (ready, progress). */
export function notify(event: string, data: unknown = null): void {
  process.send?.({ event, data } satisfies Notice);
}

// ------------------------------------------------------------------ parent side

export interface ForkOptions {
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Node flags before tsx's loader, e.g. --expose-gc, --cpu-prof. */
  readonly nodeFlags?: readonly string[];
}

export class Child<A extends Api> {
  private nextRpc = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, ((data: unknown) => void)[]>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
  ) {
    proc.on('message', (m: unknown) => {
      if (isReply(m)) {
        const p = this.pending.get(m.rpc);
        if (!p) return;
        this.pending.delete(m.rpc);
        if (m.ok) p.resolve(m.value);
        else p.reject(new Error(`${name}: ${m.error ?? 'failed'}`));
      } else if (isNotice(m)) {
        for (const l of this.listeners.get(m.event) ?? []) l(m.data);
      }
    });
    this.exited = new Promise((resolve) =>
      proc.on('exit', (code) => {
        for (const p of this.pending.values()) p.reject(new Error(`${name} exited (code ${String(code)}) before answering`));
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  /** Forks `file` under tsx and waits for its 'ready' notice (whose data is returned). */
  static async start<A extends Api>(name: string, file: string, options: ForkOptions = {}): Promise<{ child: Child<A>; ready: unknown }> {
    const proc = fork(file, [...(options.args ?? [])], {
      execArgv: [...(options.nodeFlags ?? []), '--import', import.meta.resolve('tsx')],
      env: options.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child = new Child<A>(name, proc);
    const ready = await Promise.race([
      new Promise<unknown>((resolve) => child.on('ready', resolve)),
      child.exited.then((code) => {
        throw new Error(`${name} exited (code ${String(code)}) while starting`);
      }),
    ]);
    return { child, ready };
  }

  get pid(): number {
    const pid = this.proc.pid;
    if (pid === undefined) throw new Error(`${this.name} has no pid`);
    return pid;
  }

  call<K extends keyof A & string>(name: K, arg: ArgOf<A[K]>): Promise<ResultOf<A[K]>> {
    const rpc = this.nextRpc++;
    return new Promise<ResultOf<A[K]>>((resolve, reject) => {
      this.pending.set(rpc, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ rpc, name, arg } satisfies Request);
    });
  }

  /** Fire-and-forget message the child handles with `process.on('message')` itself. */
  post(message: Notice): void {
    if (this.proc.connected) this.proc.send(message);
  }

  on(event: string, listener: (data: unknown) => void): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
  }

  /** Asks nicely (the child's own `stop` call), then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return this.proc.exitCode;
    const stop = (this as unknown as Child<{ stop: (arg: null) => unknown }>).call('stop', null).catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await stop;
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  kill(): void {
    this.proc.kill('SIGKILL');
  }
}

// ------------------------------------------------------------------ /proc

export interface Memory {
  /** Resident set size now, bytes. */
  readonly rss: number;
  /** Peak resident set size ("high water mark"), bytes. */
  readonly hwm: number;
}

/** VmRSS / VmHWM of a process, from /proc/<pid>/status. */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m?.[1] ? Number(m[1]) * 1024 : 0;
  };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; everything after its closing paren is fixed.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, ms. 0 if it is gone. */
export function cpuMsOf(pid: number): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After the name: state(3) ppid(4) … utime(14) stime(15) → indexes 11, 12 here.
  return ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks();
}

/** CPU time of a process and its live children (PostgreSQL: the postmaster and its backends), ms. */
export function treeCpuMsOf(rootPid: number): number {
  const root = statFields(rootPid);
  if (!root) return 0;
  // The root's own time plus what its finished children left it (cutime, cstime).
  let total = ((Number(root[11]) + Number(root[12]) + Number(root[13]) + Number(root[14])) * 1000) / clockTicks();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === rootPid) total += ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks();
  }
  return total;
}

/** The parent pid of a process, or undefined if it can't be read. */
export function parentOf(pid: number): number | undefined {
  const f = statFields(pid);
  return f ? Number(f[1]) : undefined;
}

/** CPU time the whole machine spent busy (all CPUs, everything but idle and iowait), ms. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal (guest is inside user)
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return ((total - idle) * 1000) / clockTicks();
}
