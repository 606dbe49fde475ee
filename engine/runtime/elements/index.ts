// Element kind → behaviour. Kinds not listed are rejected at deploy time (engine/model).
import type { BpmnElementType } from '../../model/types.js';
import type { ElementBehavior } from './behavior.js';
import { businessRuleTask } from './business-rule-task.js';
import { callActivity } from './call-activity.js';
import { catchEvent } from './catch-event.js';
import { container } from './container.js';
import { endEvent } from './end-event.js';
import { eventBasedGateway } from './event-based-gateway.js';
import { exclusiveGateway } from './exclusive-gateway.js';
import { inclusiveGateway } from './inclusive-gateway.js';
import { jobTask } from './job-task.js';
import { multiInstanceBody } from './multi-instance.js';
import { passThrough } from './pass-through.js';
import { scriptTask } from './script-task.js';
import { throwEvent } from './throw-event.js';

const behaviors: Partial<Record<BpmnElementType, ElementBehavior>> = {
  PROCESS: container,
  SUB_PROCESS: container,
  EVENT_SUB_PROCESS: container,
  MULTI_INSTANCE_BODY: multiInstanceBody,
  START_EVENT: passThrough,
  INTERMEDIATE_THROW_EVENT: throwEvent,
  MANUAL_TASK: passThrough,
  TASK: passThrough,
  PARALLEL_GATEWAY: passThrough,
  BOUNDARY_EVENT: passThrough,
  END_EVENT: endEvent,
  EXCLUSIVE_GATEWAY: exclusiveGateway,
  INCLUSIVE_GATEWAY: inclusiveGateway,
  EVENT_BASED_GATEWAY: eventBasedGateway,
  SERVICE_TASK: jobTask,
  USER_TASK: jobTask,
  SEND_TASK: jobTask,
  SCRIPT_TASK: scriptTask,
  BUSINESS_RULE_TASK: businessRuleTask,
  CALL_ACTIVITY: callActivity,
  INTERMEDIATE_CATCH_EVENT: catchEvent,
  RECEIVE_TASK: catchEvent,
};

export function behaviorOf(type: BpmnElementType): ElementBehavior {
  const b = behaviors[type];
  if (!b) throw new Error(`No behaviour for element type ${type}; the deployment should have rejected it`);
  return b;
}
