// The job workers onewindow ships, one job type each. More join as the service hall lands.
import type { ZBClient } from 'zeebe-node';
import { identityCheck } from './identity-check.js';
import { startWorker, type AnyWorker, type WorkerDefinition, type WorkerOptions } from './worker.js';

export function allWorkers(): WorkerDefinition[] {
  return [identityCheck()];
}

export function startWorkers(zbc: ZBClient, options: WorkerOptions = {}): AnyWorker[] {
  return allWorkers().map((def) => startWorker(zbc, def, options));
}
