// ActivateJobs with long polling (zeebe-protocol.md §1.2): take up to maxJobsToActivate
// activatable jobs of a type, FIFO; when there are none, hold the request until a job of that
// type becomes activatable (created, failed with retries, timed out, backoff over, incident
// resolved) or the request timeout passes. Waiters are registered inside the same command that
// found nothing, so no wake-up can slip between looking and waiting.
import type { Job } from '../state/entities.js';
import type { Runtime } from '../runtime/runtime.js';
import { TENANT } from '../runtime/runtime.js';

export interface ActivateRequest {
  readonly type: string;
  readonly worker: string;
  readonly timeout: number;
  readonly maxJobsToActivate: number;
  readonly fetchVariable: readonly string[];
  /** > 0: long-poll this long; 0: the default (10 s); < 0: answer at once. */
  readonly requestTimeout: number;
}

export interface ActivatedJob {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly processDefinitionVersion: number;
  readonly processDefinitionKey: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly customHeaders: string;
  readonly worker: string;
  readonly retries: number;
  readonly deadline: string;
  readonly variables: string;
  readonly tenantId: string;
}

export const DEFAULT_LONG_POLL_MS = 10_000;

interface Waiter {
  readonly request: ActivateRequest;
  readonly resolve: (jobs: ActivatedJob[]) => void;
  timer?: NodeJS.Timeout;
  done: boolean;
}

/** A StreamActivatedJobs call: jobs are pushed to it as they become activatable. */
export interface JobStream {
  readonly type: string;
  readonly worker: string;
  readonly timeout: number;
  readonly fetchVariable: readonly string[];
  /** False when the stream is gone: the job is then yielded back (JOB YIELDED) for others. */
  readonly push: (job: ActivatedJob) => boolean;
}

export class JobActivation {
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly streams = new Map<string, JobStream[]>();
  /** Round-robin position per type, so several streams share the work. */
  private readonly turn = new Map<string, number>();

  /** StreamActivatedJobs (experimental in 8.3): only jobs that BECOME activatable are pushed. */
  openStream(stream: JobStream): () => void {
    const list = this.streams.get(stream.type) ?? [];
    list.push(stream);
    this.streams.set(stream.type, list);
    return () => this.closeStream(stream);
  }

  private closeStream(stream: JobStream): void {
    const l = this.streams.get(stream.type);
    if (!l) return;
    const i = l.indexOf(stream);
    if (i >= 0) l.splice(i, 1);
    if (l.length === 0) this.streams.delete(stream.type);
  }

  constructor(private readonly rt: Runtime) {
    rt.onActivatable = (type, keys) => this.wake(type, keys);
  }

  /** Resolves with the activated jobs (possibly none) once their activation is durable. */
  activate(request: ActivateRequest, onCancel: (cancel: () => void) => void): Promise<ActivatedJob[]> {
    return new Promise<ActivatedJob[]>((resolve, reject) => {
      const waiter: Waiter = { request, resolve, done: false };
      const found = this.rt.execute(() => {
        const jobs = this.take(request);
        if (jobs.length === 0 && request.requestTimeout >= 0) this.wait(waiter);
        return jobs;
      });
      found.then(
        (jobs) => {
          if (jobs.length > 0 || request.requestTimeout < 0) this.finish(waiter, jobs);
        },
        (error: unknown) => {
          this.remove(waiter);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
      onCancel(() => this.finish(waiter, []));
    });
  }

  private wait(waiter: Waiter): void {
    const list = this.waiters.get(waiter.request.type) ?? [];
    list.push(waiter);
    this.waiters.set(waiter.request.type, list);
    const ms = waiter.request.requestTimeout > 0 ? waiter.request.requestTimeout : DEFAULT_LONG_POLL_MS;
    waiter.timer = setTimeout(() => this.finish(waiter, []), ms);
  }

  private finish(waiter: Waiter, jobs: ActivatedJob[]): void {
    if (waiter.done) return;
    waiter.done = true;
    this.remove(waiter);
    waiter.resolve(jobs);
  }

  private remove(waiter: Waiter): void {
    if (waiter.timer) clearTimeout(waiter.timer);
    const list = this.waiters.get(waiter.request.type);
    if (!list) return;
    const i = list.indexOf(waiter);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.waiters.delete(waiter.request.type);
  }

  /** Jobs of `type` became activatable: push them to streams, else hand them to waiting requests. */
  private wake(type: string, fresh: readonly number[]): void {
    const streams = this.streams.get(type);
    if (streams && streams.length > 0) this.pushToStreams(type, streams, fresh);
    const list = this.waiters.get(type);
    if (!list || list.length === 0) return;
    const served: { waiter: Waiter; jobs: ActivatedJob[] }[] = [];
    void this.rt
      .execute(() => {
        for (const waiter of [...list]) {
          if (waiter.done) continue;
          const jobs = this.take(waiter.request);
          if (jobs.length === 0) break;
          this.remove(waiter);
          served.push({ waiter, jobs });
        }
      })
      .then(
        () => {
          for (const s of served) this.finish(s.waiter, s.jobs);
        },
        () => {
          for (const s of served) this.finish(s.waiter, []);
        },
      );
  }

  /** Pushes the jobs that just became activatable (not older ones: those are for polling, as in Zeebe). */
  private pushToStreams(type: string, streams: JobStream[], fresh: readonly number[]): void {
    const pushed: { stream: JobStream; job: ActivatedJob }[] = [];
    void this.rt
      .execute(() => {
        const queue = this.rt.state.activatable.get(type);
        if (!queue) return;
        let i = this.turn.get(type) ?? 0;
        for (const key of fresh) {
          const stream = streams[i % streams.length];
          if (!stream) break;
          i++;
          const [job] = this.take({ type, worker: stream.worker, timeout: stream.timeout, maxJobsToActivate: 1, fetchVariable: stream.fetchVariable, requestTimeout: -1 }, key);
          if (job) pushed.push({ stream, job });
        }
        this.turn.set(type, i);
      })
      .then(() => {
        const failed = pushed.filter((p) => !p.stream.push(p.job));
        // A stream that can't take a job is gone: drop it, or the yielded job would come back to it.
        for (const f of failed) this.closeStream(f.stream);
        const undelivered = failed.map((p) => Number(p.job.key));
        if (undelivered.length > 0) void this.rt.execute(() => this.yieldJobs(undelivered)).catch(() => {});
      })
      .catch(() => {});
  }

  private yieldJobs(keys: readonly number[]): void {
    for (const key of keys) {
      const job = this.rt.state.jobs.get(key);
      if (!job || job.state !== 'ACTIVATED') continue;
      this.rt.jobs.record(job, 'YIELDED');
      job.worker = '';
      this.rt.jobs.becomeActivatable(job);
    }
  }

  private take(request: ActivateRequest, only?: number): ActivatedJob[] {
    const queue = this.rt.state.activatable.get(request.type);
    if (!queue || queue.size === 0) return [];
    const out: ActivatedJob[] = [];
    const keys: number[] = [];
    for (const key of only !== undefined ? [only] : queue) {
      if (out.length >= request.maxJobsToActivate) break;
      if (!queue.has(key)) continue;
      const job = this.rt.state.jobs.get(key);
      if (!job) {
        queue.delete(key);
        continue;
      }
      this.rt.jobs.activate(job, request.worker, request.timeout);
      out.push(this.toActivated(job, request.fetchVariable));
      keys.push(job.key);
    }
    if (keys.length > 0) {
      this.rt.event('JOB_BATCH', 'ACTIVATED', this.rt.nextKey(), {
        type: request.type,
        worker: request.worker,
        timeout: request.timeout,
        maxJobsToActivate: request.maxJobsToActivate,
        jobKeys: keys,
        truncated: false,
        tenantIds: [TENANT],
      });
    }
    return out;
  }

  private toActivated(job: Job, fetchVariable: readonly string[]): ActivatedJob {
    const ei = this.rt.element(job.elementInstanceKey);
    const variables = ei ? (fetchVariable.length > 0 ? this.rt.variables.pick(ei, fetchVariable) : this.rt.variables.visible(ei)) : {};
    return {
      key: String(job.key),
      type: job.type,
      processInstanceKey: String(job.processInstanceKey),
      bpmnProcessId: job.process.bpmnProcessId,
      processDefinitionVersion: job.process.version,
      processDefinitionKey: String(job.process.key),
      elementId: job.elementId,
      elementInstanceKey: String(job.elementInstanceKey),
      customHeaders: JSON.stringify(job.customHeaders),
      worker: job.worker,
      retries: job.retries,
      deadline: String(job.deadline ?? 0),
      variables: JSON.stringify(variables),
      tenantId: TENANT,
    };
  }
}
