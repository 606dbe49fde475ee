// What each task form sends to POST /tasks/:key/complete (api/tasks/forms.ts, per form key), and
// which fields it shows (so the api's issues land next to them). The body is built from what the
// person entered and nothing is checked here: the api's validation is the one that counts, and
// its messages are shown as they are.

export type Decision = 'approve' | 'reject' | 'supplement';
export type Verdict = 'rectify' | 'explain' | 'invalid';
/** The complaint window's tiers (api/complaints/resolve-due.ts). */
export type Tier = 'instant' | 'within5' | 'within10';

export interface FormState {
  readonly decision?: Decision;
  readonly opinion: string;
  /** Materials ticked from the sub-item's list, in the list's order. */
  readonly missing: readonly string[];
  /** A material typed in by hand (not in the dictionary's list). */
  readonly otherMaterial: string;
  readonly confirmed: boolean;
  readonly verdict?: Verdict;
  readonly satisfied?: boolean;
  readonly groups: string;
  readonly tier?: Tier;
  readonly variablesJson: string;
}

export const EMPTY_FORM: FormState = { opinion: '', missing: [], otherMaterial: '', confirmed: false, groups: '', variablesJson: '{}' };

export type FormKind =
  | 'approval'
  | 'countersign'
  | 'pre-review'
  | 'pickup'
  | 'conclude'
  | 'verify'
  | 'rectify'
  | 'return-visit'
  | 'complaint-assign'
  | 'complaint-resolve'
  | 'complaint-satisfaction'
  | 'generic';

const KINDS: Readonly<Record<string, FormKind>> = {
  'onewindow:approval': 'approval',
  'onewindow:countersign': 'countersign',
  'onewindow:pre-review': 'pre-review',
  'onewindow:issuing-pickup': 'pickup',
  'onewindow:instant-conclude': 'conclude',
  'onewindow:rectification-verify': 'verify',
  'onewindow:rectification-rectify': 'rectify',
  'onewindow:rectification-return-visit': 'return-visit',
  'onewindow:complaint-assign': 'complaint-assign',
  'onewindow:complaint-resolve': 'complaint-resolve',
  'onewindow:complaint-satisfaction': 'complaint-satisfaction',
};

/** The form for a task's form key; a key the hall doesn't know (a designer's new step) gets the generic one. */
export function formKind(formKey: string | null): FormKind {
  return (formKey !== null ? KINDS[formKey] : undefined) ?? 'generic';
}

/** The field paths (without `body.`) the form shows, for placing the api's issues. */
export function formFields(kind: FormKind): readonly string[] {
  switch (kind) {
    case 'approval':
      return ['decision', 'opinion', 'missingMaterials'];
    case 'countersign':
      return ['signature.decision', 'signature.opinion', 'signature.missingMaterials'];
    case 'pre-review':
      return ['preReviewOpinion'];
    case 'pickup':
    case 'conclude':
      return [];
    case 'verify':
      return ['verdict', 'verifyOpinion'];
    case 'rectify':
      return ['rectification'];
    case 'return-visit':
      return ['raterSatisfied'];
    case 'complaint-assign':
      return ['responsibleGroups', 'tier'];
    case 'complaint-resolve':
      return ['resolution'];
    case 'complaint-satisfaction':
      return ['complainantSatisfied'];
    case 'generic':
      return ['variables', 'opinion'];
  }
}

/** The materials a supplement asks for: the ticked ones, then the one typed in. */
export function missingMaterials(state: FormState): string[] {
  const other = state.otherMaterial.trim();
  return other && !state.missing.includes(other) ? [...state.missing, other] : [...state.missing];
}

function decided(state: FormState): Record<string, unknown> {
  return {
    ...(state.decision ? { decision: state.decision } : {}),
    opinion: state.opinion,
    ...(state.decision === 'supplement' ? { missingMaterials: missingMaterials(state) } : {}),
  };
}

export class VariablesJsonError extends Error {
  override readonly name = 'VariablesJsonError';
}

/** The request body for the form. Throws VariablesJsonError when the generic form's JSON doesn't parse. */
export function formBody(kind: FormKind, state: FormState): Record<string, unknown> {
  switch (kind) {
    case 'approval':
      return decided(state);
    case 'countersign':
      return { signature: decided(state) };
    case 'pre-review':
      return { preReviewOpinion: state.opinion };
    case 'pickup':
    case 'conclude':
      return {};
    case 'verify':
      return { ...(state.verdict ? { verdict: state.verdict } : {}), verifyOpinion: state.opinion };
    case 'rectify':
      return { rectification: state.opinion };
    case 'return-visit':
      return state.satisfied === undefined ? {} : { raterSatisfied: state.satisfied };
    case 'complaint-assign':
      return {
        responsibleGroups: state.groups.split(/[,，、\s]+/).map((g) => g.trim()).filter((g) => g !== ''),
        ...(state.tier ? { tier: state.tier } : {}),
      };
    case 'complaint-resolve':
      return { resolution: state.opinion };
    case 'complaint-satisfaction':
      return state.satisfied === undefined ? {} : { complainantSatisfied: state.satisfied };
    case 'generic': {
      let variables: unknown;
      try {
        variables = JSON.parse(state.variablesJson.trim() === '' ? '{}' : state.variablesJson);
      } catch (error) {
        throw new VariablesJsonError(error instanceof Error ? error.message : String(error));
      }
      return { variables, ...(state.opinion.trim() ? { opinion: state.opinion } : {}) };
    }
  }
}

/** Forms that only confirm something (出件, 当场办结): the submit waits for the tick. */
export function needsConfirmation(kind: FormKind): boolean {
  return kind === 'pickup' || kind === 'conclude';
}
