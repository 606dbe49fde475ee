// Element kind → behaviour. Kinds not listed are rejected at deploy time (engine/model).
import type { BpmnElementType } from '../../model/types.js';
import type { ElementBehavior } from './behavior.js';
import { catchEvent } from './catch-event.js';
import { container } from './container.js';
import { endEvent } from './end-event.js';
import { exclusiveGateway } from './exclusive-gateway.js';
import { jobTask } from './job-task.js';
import { passThrough } from './pass-through.js';

const behaviors: Partial<Record<BpmnElementType, ElementBehavior>> = {
  PROCESS: container,
  SUB_PROCESS: container,
  START_EVENT: passThrough,
  INTERMEDIATE_THROW_EVENT: passThrough,
  MANUAL_TASK: passThrough,
  TASK: passThrough,
  PARALLEL_GATEWAY: passThrough,
  BOUNDARY_EVENT: passThrough,
  END_EVENT: endEvent,
  EXCLUSIVE_GATEWAY: exclusiveGateway,
  SERVICE_TASK: jobTask,
  USER_TASK: jobTask,
  INTERMEDIATE_CATCH_EVENT: catchEvent,
  RECEIVE_TASK: catchEvent,
};

export function behaviorOf(type: BpmnElementType): ElementBehavior {
  const b = behaviors[type];
  if (!b) throw new Error(`No behaviour for element type ${type}; the deployment should have rejected it`);
  return b;
}
