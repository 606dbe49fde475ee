// CompleteJob, FailJob, ThrowError, UpdateJobRetries (docs.camunda.io … concepts/job-workers,
// apis-tools/grpc). Completing is strict about the activation window: a completion that arrives
// after the job timed out is NOT_FOUND, so a job is done once per activation.
import type { Job, Key } from '../state/entities.js';
import { Rejection } from '../runtime/rejection.js';
import type { Runtime } from '../runtime/runtime.js';

function findJob(rt: Runtime, key: Key, intent: string, verb: string): Job {
  const job = rt.state.jobs.get(key);
  if (!job) throw new Rejection('NOT_FOUND', intent, `Expected to ${verb} job with key '${key}', but no such job was found`);
  return job;
}

function timedOut(rt: Runtime, job: Job): boolean {
  return job.state === 'ACTIVATABLE' || (job.state === 'ACTIVATED' && job.deadline !== undefined && job.deadline <= rt.now);
}

export function completeJob(rt: Runtime, key: Key, variables: Record<string, unknown>): Promise<void> {
  return rt.execute(
    () => {
      const job = findJob(rt, key, 'COMPLETE', 'complete');
      if (timedOut(rt, job)) {
        throw new Rejection(
          'NOT_FOUND',
          'COMPLETE',
          `Expected to complete job with key '${key}', but no such job was found: its activation timed out and it must be activated again`,
        );
      }
      if (job.state !== 'ACTIVATED') {
        throw new Rejection('INVALID_STATE', 'COMPLETE', `Expected to complete job with key '${key}', but it is in state '${job.state}'`);
      }
      rt.jobs.record(job, 'COMPLETED', { variables });
      rt.jobs.remove(job);
      const ei = rt.element(job.elementInstanceKey);
      if (!ei) return;
      delete ei.jobKey;
      ei.eventVariables = variables;
      rt.save(ei);
      rt.complete(ei);
    },
    { exemptFromBackpressure: true, command: { valueType: 'JOB', key } },
  );
}

export interface FailRequest {
  readonly retries: number;
  readonly errorMessage: string;
  readonly retryBackOff: number;
  readonly variables: Record<string, unknown>;
}

export function failJob(rt: Runtime, key: Key, req: FailRequest): Promise<void> {
  return rt.execute(
    () => {
      const job = findJob(rt, key, 'FAIL', 'fail');
      if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
        throw new Rejection('INVALID_STATE', 'FAIL', `Expected to fail job with key '${key}', but it is in state '${job.state}'`);
      }
      const ei = rt.element(job.elementInstanceKey);
      // FailJob variables are local to the task (8.3 gRPC reference).
      if (ei) for (const [name, value] of Object.entries(req.variables)) rt.variables.setLocal(ei, name, value);
      rt.state.notActivatable(job);
      job.retries = req.retries;
      job.errorMessage = req.errorMessage;
      job.state = 'FAILED';
      job.deadline = undefined;
      if (req.retries > 0 && req.retryBackOff > 0) job.recurAt = rt.now + req.retryBackOff;
      rt.jobs.record(job, 'FAILED', { retryBackoff: req.retryBackOff });
      if (req.retries > 0) {
        if (job.recurAt !== undefined) {
          rt.jobs.save(job);
          rt.due.add(job.recurAt, 'jobBackoff', job.key);
        } else {
          rt.jobs.becomeActivatable(job);
        }
        return;
      }
      rt.jobs.save(job);
      if (ei) rt.raiseIncident(ei, 'JOB_NO_RETRIES', req.errorMessage || 'No more retries left.', 'job', job.key);
    },
    { exemptFromBackpressure: true, command: { valueType: 'JOB', key } },
  );
}

export function throwError(rt: Runtime, key: Key, errorCode: string, errorMessage: string, variables: Record<string, unknown>): Promise<void> {
  return rt.execute(() => {
    const job = findJob(rt, key, 'THROW_ERROR', 'throw an error for');
    if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
      throw new Rejection('INVALID_STATE', 'THROW_ERROR', `Expected to throw an error for job with key '${key}', but it is in state '${job.state}'`);
    }
    const ei = rt.element(job.elementInstanceKey);
    rt.state.notActivatable(job);
    job.errorCode = errorCode;
    job.errorMessage = errorMessage;
    job.state = 'ERROR_THROWN';
    job.deadline = undefined;
    rt.jobs.record(job, 'ERROR_THROWN', { variables });
    if (!ei) {
      rt.jobs.remove(job);
      return;
    }
    const target = rt.errors.findCatch(ei, errorCode);
    if (target) {
      rt.jobs.remove(job);
      delete ei.jobKey;
      rt.errors.interrupt(target, variables);
      return;
    }
    rt.jobs.save(job);
    rt.raiseIncident(ei, 'UNHANDLED_ERROR_EVENT', rt.errors.unhandledMessage(errorCode, errorMessage), 'job', job.key);
  }, { command: { valueType: 'JOB', key } });
}

export function updateJobRetries(rt: Runtime, key: Key, retries: number): Promise<void> {
  return rt.execute(() => {
    if (retries < 1) {
      throw new Rejection('INVALID_ARGUMENT', 'UPDATE_RETRIES', `Expected to update retries for job with key '${key}' with a positive amount of retries, but got ${retries}`);
    }
    const job = findJob(rt, key, 'UPDATE_RETRIES', 'update retries of');
    job.retries = retries;
    rt.jobs.save(job);
    rt.jobs.record(job, 'RETRIES_UPDATED');
  }, { command: { valueType: 'JOB', key } });
}

export function resolveIncident(rt: Runtime, incidentKey: Key): Promise<void> {
  return rt.execute(() => {
    const incident = rt.state.incidents.get(incidentKey);
    if (!incident) {
      throw new Rejection('NOT_FOUND', 'RESOLVE', `Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
    }
    rt.resolveIncidentRecord(incidentKey);
    const ei = rt.element(incident.elementInstanceKey);
    if (!ei) return;
    switch (incident.failedStep) {
      case 'job': {
        const job = rt.state.jobs.get(incident.jobKey);
        if (!job) return;
        if (job.state === 'FAILED' && job.retries <= 0) {
          // Resolving without new retries fails again, as in Zeebe.
          rt.raiseIncident(ei, 'JOB_NO_RETRIES', job.errorMessage || 'No more retries left.', 'job', job.key);
          return;
        }
        job.errorCode = '';
        rt.jobs.becomeActivatable(job);
        return;
      }
      case 'activate':
        rt.step(() => rt.continueActivation(ei));
        return;
      case 'complete':
        rt.step(() => rt.continueCompletion(ei));
        return;
    }
  }, { command: { valueType: 'INCIDENT', key: incidentKey } });
}
