// 材料齐全？ — the materials a case handed in, held against its sub-item in the acceptance
// dictionary (processes/dictionary/README.md, 必要性):
// - `required` (必要): must be there, or the case is incomplete;
// - `deferrable` (容缺后补): may be handed in later — the case is complete without it, but it is
//   still owed, so it is listed;
// - `optional` (非必要, applies only in some situations): never asked for here; the clerk judges
//   the situation.
// Materials are matched by name, as the dictionary names them (the clerk picks them from it);
// width and spacing differences are ignored so a pasted name still matches.

export interface DictionaryMaterial {
  readonly name: string;
  readonly necessity: 'required' | 'optional' | 'deferrable';
}

export interface MaterialsVerdict {
  /** No required material is missing. */
  readonly complete: boolean;
  /** Every required or deferrable material not handed in, in the dictionary's order. */
  readonly missing: readonly string[];
  /** The required ones among them (these make the case incomplete). */
  readonly missingRequired: readonly string[];
  /** The deferrable ones among them (容缺: accepted now, owed later). */
  readonly deferred: readonly string[];
}

/** How names are compared: NFKC (full-width → half-width), no whitespace. */
export function materialKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '');
}

/** The names of a `materials` variable: a list of {name, …} objects (or of plain names). */
export function submittedNames(materials: unknown): string[] {
  if (materials === undefined || materials === null) return [];
  if (!Array.isArray(materials)) throw new TypeError('变量 materials 应为列表');
  return materials.flatMap((m: unknown, index) => {
    if (typeof m === 'string') return [m];
    if (m !== null && typeof m === 'object' && typeof (m as { name?: unknown }).name === 'string') return [(m as { name: string }).name];
    throw new TypeError(`变量 materials[${index}] 应为带 name 的对象`);
  });
}

export function checkMaterials(required: readonly DictionaryMaterial[], submitted: readonly string[]): MaterialsVerdict {
  const have = new Set(submitted.map(materialKey));
  const owed = required.filter((m) => m.necessity !== 'optional' && !have.has(materialKey(m.name)));
  const missingRequired = owed.filter((m) => m.necessity === 'required').map((m) => m.name);
  return {
    complete: missingRequired.length === 0,
    missing: owed.map((m) => m.name),
    missingRequired,
    deferred: owed.filter((m) => m.necessity === 'deferrable').map((m) => m.name),
  };
}
