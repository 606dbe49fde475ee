// 材料审核 / 补正材料审核 `ow.materials-check` (processes/README.md): the materials handed in,
// against the sub-item's materials in the acceptance dictionary (rules/materials-completeness.ts).
// Writes `materialsComplete` and `missingMaterials`: every required or 容缺 (deferrable) material
// not handed in. A case missing only deferrable ones is complete — accepted now, the list says what
// is still owed. Incomplete is not a business error: the flow routes on `materialsComplete`
// (one-time notice at intake, refusal after the supplement). An unknown sub-item or a malformed
// `materials` list is a technical fault: an incident that names what is wrong.
import { subItemOf } from './context.js';
import { checkMaterials, submittedNames } from './rules/materials-completeness.js';
import type { WorkerDefinition } from './worker.js';

export const MATERIALS_STAGES = ['intake', 'supplement'] as const;

export function materialsCheck(): WorkerDefinition {
  return {
    taskType: 'ow.materials-check',
    title: '材料审核',
    handle({ variables, headers }, ctx) {
      const stage = headers['stage'] ?? 'intake';
      if (!(MATERIALS_STAGES as readonly string[]).includes(stage)) {
        throw new Error(`任务头 stage 应为 intake 或 supplement，实为“${stage}”`);
      }
      const subItem = subItemOf(ctx, variables['subItemCode']);
      const verdict = checkMaterials(subItem.materials, submittedNames(variables['materials']));
      return { materialsComplete: verdict.complete, missingMaterials: [...verdict.missing] };
    },
  };
}
