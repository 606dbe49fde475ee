// What other parts keep when a task of their flow is completed: the complaint's stage and steps
// (api/complaints/progress.ts) and the rating's rectification progress (api/ratings/progress.ts).
// Called by the completion in routes.ts inside its transaction, after the engine took the job, so
// the task, its audit entry and the part's record change together.
import type { TransactionSql } from 'postgres';
import { recordComplaintStepIn } from '../complaints/progress.js';
import { recordRectificationStep } from '../ratings/progress.js';
import type { Completion } from './forms.js';
import type { TaskRow } from './task-store.js';

export async function recordFlowProgress(tx: TransactionSql, task: TaskRow, completion: Completion, actor: string, at: Date): Promise<void> {
  const step = { processInstanceKey: task.processInstanceKey, elementId: task.elementId, variables: completion.variables, at };
  if (task.bpmnProcessId === 'complaint') {
    await recordComplaintStepIn(tx, { ...step, actor, ...(completion.tier !== undefined ? { tier: completion.tier } : {}) });
  } else if (task.bpmnProcessId === 'rectification') {
    await recordRectificationStep(tx, step);
  }
}
