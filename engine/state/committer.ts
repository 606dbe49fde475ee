// Group commit. Commands change memory synchronously and add their answers to the open batch;
// the committer writes the batch in one statement and only then releases the answers. While a
// write is in flight the next batch fills up, so under load one fsync carries many commands.
import { Batch } from './batch.js';
import type { StateWriter } from './writer.js';

export class Committer {
  /** The first batch knows no key to be new: it may remove rows loaded at start. */
  private open = new Batch();
  private writing = false;
  private scheduled = false;
  private failure: Error | undefined;
  /** Commands in the open batch plus the one being written; the gateway sheds load above a limit. */
  pendingCommands = 0;

  constructor(
    private readonly writer: StateWriter,
    private readonly meta: () => { nextKey: number; nextPosition: number },
    private readonly onFatal: (error: Error) => void,
  ) {}

  get batch(): Batch {
    return this.open;
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** Runs `answer` once everything changed so far is durable. */
  afterCommit(answer: () => void): void {
    this.open.onCommit.push(answer);
    this.pendingCommands++;
    this.schedule();
  }

  schedule(): void {
    if (this.scheduled || this.writing || this.failure) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Resolves when everything changed before the call is durable. */
  async drain(): Promise<void> {
    while (!this.open.isEmpty || this.writing || this.scheduled) {
      if (this.failure) throw this.failure;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.open.isEmpty || this.failure) return;
    const batch = this.open;
    this.open = new Batch(this.meta().nextKey);
    const sealed = batch.seal();
    const count = batch.onCommit.length;
    this.writing = true;
    try {
      await this.writer.write(sealed, this.meta());
    } catch (error) {
      // Memory is now ahead of the database: nothing may be acknowledged any more. The process
      // owner restarts us, and the restart reloads the last durable state.
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.writing = false;
      this.onFatal(this.failure);
      return;
    }
    this.writing = false;
    this.pendingCommands -= count;
    // The next write goes out BEFORE this batch's answers: answering a thousand calls (and the
    // gRPC work their promises run) takes milliseconds in which the database would otherwise sit
    // idle. The answers still wait for nothing but their own batch's commit, which is done.
    if (!this.open.isEmpty && !this.scheduled) void this.flush();
    for (const answer of batch.onCommit) {
      try {
        answer();
      } catch (error) {
        console.error('engine: answering a command failed', error);
      }
    }
  }
}
