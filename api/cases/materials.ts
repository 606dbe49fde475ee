// The materials handed in for a case (app.case_materials) and the `materials` variable the flow
// reads: names exactly as in the dictionary, the file if one was scanned, where it came from.
import { z } from 'zod';
import type { SubItem } from '../../processes/dictionary/load.js';
import type { ErrorIssue } from '../http/errors.js';
import { SHA256_HEX } from '../files/store.js';

export const MATERIAL_SOURCES = ['applicant', 'enterpriseCode', 'government'] as const;

export const MaterialInput = z.object({
  name: z.string().trim().min(1, '请填写材料名称'),
  /** The uploaded scan (POST /files); absent for paper only, or to reuse the enterprise's latest file. */
  fileSha256: z.string().regex(SHA256_HEX, '应为上传文件返回的 64 位 sha256').optional(),
  filename: z.string().trim().max(200).optional(),
  source: z.enum(MATERIAL_SOURCES).optional(),
});
export type MaterialInput = z.output<typeof MaterialInput>;

/** One material as stored and as the flow sees it. */
export interface CaseMaterial {
  readonly name: string;
  readonly source: (typeof MATERIAL_SOURCES)[number];
  readonly fileSha256: string | null;
  readonly filename: string | null;
  /** The earlier case whose file is reused (企业码共享). */
  readonly reusedFrom: string | null;
}

/**
 * Names must be the sub-item's material names, and every file must have been uploaded; problems
 * are reported at `body.materials.N.*`.
 */
export async function checkMaterials(
  materials: readonly MaterialInput[],
  subItem: SubItem,
  uploaded: (hashes: readonly string[]) => Promise<ReadonlySet<string>>,
  issues: ErrorIssue[],
): Promise<void> {
  const names = new Set(subItem.materials.map((m) => m.name));
  materials.forEach((m, i) => {
    if (!names.has(m.name)) {
      issues.push({ path: `body.materials.${String(i)}.name`, message: `“${m.name}”不是「${subItem.name}」的申请材料；应为：${[...names].join('、')}` });
    }
  });
  const hashes = materials.flatMap((m) => (m.fileSha256 ? [m.fileSha256] : []));
  const present = hashes.length > 0 ? await uploaded(hashes) : new Set<string>();
  materials.forEach((m, i) => {
    if (m.fileSha256 && !present.has(m.fileSha256)) {
      issues.push({ path: `body.materials.${String(i)}.fileSha256`, message: `没有上传过这个文件（${m.fileSha256.slice(0, 12)}…），请先上传` });
    }
  });
}

/** The flow's `materials` variable: what routing and the checks need, no file names. */
export interface MaterialVariable {
  readonly name: string;
  readonly source: string;
  readonly fileSha256?: string;
  readonly reusedFrom?: string;
}

export function materialsVariable(materials: readonly CaseMaterial[]): MaterialVariable[] {
  return materials.map((m) => ({
    name: m.name,
    source: m.source,
    ...(m.fileSha256 ? { fileSha256: m.fileSha256 } : {}),
    ...(m.reusedFrom ? { reusedFrom: m.reusedFrom } : {}),
  }));
}
