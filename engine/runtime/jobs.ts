// Jobs (docs.camunda.io … concepts/job-workers): created ACTIVATABLE by a job-based element,
// handed to one worker per timeout window, completed, failed (retry, backoff, or an incident
// when no retries are left), or used to throw a BPMN error.
import type { ElementInstance, Job, Key } from '../state/entities.js';
import { jobsTable } from '../state/tables.js';
import type { Runtime } from './runtime.js';

export class Jobs {
  constructor(private readonly rt: Runtime) {}

  /**
   * The JOB record's value in its stored form: engine.record_log adds bpmnProcessId,
   * processDefinitionVersion and tenantId (migrations/0005_compact_records.sql).
   */
  value(job: Job, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type: job.type,
      worker: job.worker,
      retries: job.retries,
      deadline: job.deadline ?? -1,
      recurringTime: job.recurAt ?? -1,
      errorMessage: job.errorMessage,
      errorCode: job.errorCode,
      customHeaders: job.customHeaders,
      elementId: job.elementId,
      elementInstanceKey: job.elementInstanceKey,
      processInstanceKey: job.processInstanceKey,
      processDefinitionKey: job.process.key,
      ...extra,
    };
  }

  record(job: Job, intent: string, extra: Record<string, unknown> = {}): void {
    this.rt.event('JOB', intent, job.key, this.value(job, extra), job.processInstanceKey);
  }

  save(job: Job): void {
    this.rt.committer.batch.save(jobsTable, job.key, job);
  }

  create(ei: ElementInstance, type: string, retries: number, headers: Record<string, string>): Job {
    const job: Job = {
      key: this.rt.nextKey(),
      type,
      state: 'ACTIVATABLE',
      retries,
      worker: '',
      errorMessage: '',
      errorCode: '',
      customHeaders: headers,
      elementInstanceKey: ei.key,
      elementId: ei.elementId,
      processInstanceKey: ei.processInstanceKey,
      process: ei.process,
      createdAt: this.rt.now,
    };
    this.rt.state.jobs.set(job.key, job);
    ei.jobKey = job.key;
    this.rt.save(ei);
    this.save(job);
    this.record(job, 'CREATED');
    this.becomeActivatable(job);
    return job;
  }

  becomeActivatable(job: Job): void {
    this.rt.state.makeActivatable(job);
    this.save(job);
    this.rt.activatableTouched(job.type, job.key);
  }

  /** Removes a job for good (completed, canceled, or its element left). */
  remove(job: Job): void {
    this.rt.state.notActivatable(job);
    this.rt.state.jobs.delete(job.key);
    this.rt.committer.batch.remove(jobsTable, job.key, { key: job.key });
  }

  /** The element of this job was terminated: cancel its job. */
  cancelFor(ei: ElementInstance): void {
    if (ei.jobKey === undefined) return;
    const job = this.rt.state.jobs.get(ei.jobKey);
    if (!job) return;
    this.record(job, 'CANCELED');
    this.remove(job);
  }

  /** Activates `job` for `worker` until now + timeout. */
  activate(job: Job, worker: string, timeout: number): void {
    this.rt.state.notActivatable(job);
    job.state = 'ACTIVATED';
    job.worker = worker;
    job.deadline = this.rt.now + timeout;
    this.save(job);
    this.rt.due.add(job.deadline, 'jobDeadline', job.key);
  }

  /** A deadline came due: if the job is still activated past it, it times out. */
  timeOut(key: Key, at: number): void {
    const job = this.rt.state.jobs.get(key);
    if (!job || job.state !== 'ACTIVATED' || job.deadline === undefined || job.deadline > at) return;
    this.record(job, 'TIMED_OUT');
    job.worker = '';
    this.becomeActivatable(job);
  }

  /** The retry backoff of a failed job ended. */
  recur(key: Key, at: number): void {
    const job = this.rt.state.jobs.get(key);
    if (!job || job.state !== 'FAILED' || job.recurAt === undefined || job.recurAt > at || job.retries <= 0) return;
    this.record(job, 'RECURRED_AFTER_BACKOFF');
    this.becomeActivatable(job);
  }
}
