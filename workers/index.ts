// The job workers onewindow ships, one job type each (processes/README.md, "Job types").
import type { ZBClient } from 'zeebe-node';
import type { WorkerContext } from './context.js';
import { enterprisePrefill } from './enterprise-prefill.js';
import { identityCheck } from './identity-check.js';
import { issueCertificate } from './issue-certificate.js';
import { legalClock } from './legal-clock.js';
import { mailDelivery } from './mail-delivery.js';
import { materialsCheck } from './materials-check.js';
import { notify } from './notify.js';
import { oneTimeNotice } from './one-time-notice.js';
import { ratingInvitation } from './rating-invitation.js';
import { refuse } from './refuse.js';
import { startWorker, type AnyWorker, type WorkerDefinition, type WorkerOptions } from './worker.js';

export function allWorkers(): WorkerDefinition[] {
  return [
    identityCheck(),
    enterprisePrefill(),
    materialsCheck(),
    oneTimeNotice(),
    legalClock(),
    issueCertificate(),
    mailDelivery(),
    notify(),
    ratingInvitation(),
    refuse(),
  ];
}

export function startWorkers(zbc: ZBClient, ctx: WorkerContext, options: WorkerOptions = {}): AnyWorker[] {
  return allWorkers().map((def) => startWorker(zbc, def, ctx, options));
}
