// DMN decisions as Zeebe 8.3–8.5 deploys and evaluates them (Zeebe embeds dmn-scala on feel-scala).
// A deployed DMN resource is one decision requirements graph (DRG): its <definitions> and the
// decisions in it, each a decision table or a literal expression, possibly requiring other
// decisions of the same graph. Everything here is checked at deploy time (parse.ts), so evaluation
// (evaluate.ts) never meets unparsable FEEL or a dangling requirement.
import type { FeelValue } from '../feel/index.js';

/** The hit policies of DMN 1.3 (the XML spelling of the `hitPolicy` attribute). */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** COLLECT's `aggregation`: C+, C<, C>, C#. */
export type CollectAggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** Zeebe's DecisionType names for the two kinds of decision logic we evaluate. */
export type DecisionType = 'DECISION_TABLE' | 'LITERAL_EXPRESSION';

export interface DecisionTableInput {
  /** The `<input>` id (`''` when it has none). */
  readonly id: string;
  /** The input's label, else its expression cut to 30 characters: Zeebe's `inputName`. */
  readonly name: string;
  /** FEEL (checked), evaluated in the decision's context. */
  readonly expression: string;
}

export interface DecisionTableOutput {
  readonly id: string;
  /** The `name` attribute: the key of this output in a context result. Required with several outputs. */
  readonly name: string | undefined;
  /** The label, else the name: Zeebe's `outputName` in matched rules. */
  readonly displayName: string;
  /**
   * `<outputValues>` split into values (quotes removed), for PRIORITY and OUTPUT ORDER: a value's
   * position is its priority. Empty when the output has none.
   */
  readonly outputValues: readonly string[];
  /** `<defaultOutputEntry>` (FEEL, checked): the output when no rule matches. */
  readonly defaultOutputEntry: string | undefined;
}

export interface DecisionRule {
  readonly id: string;
  /** 1-based position in the table: Zeebe's `ruleIndex`. */
  readonly index: number;
  /** Unary tests (checked), one per input; `''` and `-` match anything. */
  readonly inputEntries: readonly string[];
  /** FEEL (checked), one per output. */
  readonly outputEntries: readonly string[];
}

export interface DecisionTableLogic {
  readonly type: 'DECISION_TABLE';
  readonly id: string;
  readonly hitPolicy: HitPolicy;
  /** Only meaningful with COLLECT (ignored otherwise, as in Zeebe). */
  readonly aggregation: CollectAggregation | undefined;
  readonly inputs: readonly DecisionTableInput[];
  readonly outputs: readonly DecisionTableOutput[];
  readonly rules: readonly DecisionRule[];
}

export interface LiteralExpressionLogic {
  readonly type: 'LITERAL_EXPRESSION';
  readonly id: string;
  /** FEEL (checked). */
  readonly expression: string;
}

export type DecisionLogic = DecisionTableLogic | LiteralExpressionLogic;

export interface DecisionModel {
  /** The decision's id: Zeebe's `decisionId` / `dmnDecisionId`. */
  readonly decisionId: string;
  readonly decisionName: string;
  /**
   * The name under which this decision's result is visible to the decisions that require it: the
   * name of its `<variable>`, else its id (dmn-scala's rule).
   */
  readonly resultName: string;
  /** The `<variable>`'s typeRef: the result must have this type (string, number, boolean, …). */
  readonly resultTypeRef: string | undefined;
  /** Ids of the decisions it requires (`<informationRequirement><requiredDecision href="#id">`), in order. */
  readonly requiredDecisions: readonly string[];
  readonly logic: DecisionLogic;
}

/** One deployed DMN resource. */
export interface DecisionRequirementsModel {
  /** The `<definitions>` id: Zeebe's `decisionRequirementsId`. */
  readonly decisionRequirementsId: string;
  /** The `<definitions>` name: Zeebe's `decisionRequirementsName`. */
  readonly decisionRequirementsName: string;
  readonly namespace: string;
  readonly resourceName: string;
  /** Every decision of the graph by id, in document order. */
  readonly decisions: ReadonlyMap<string, DecisionModel>;
}

// ---------------------------------------------------------------------------------------------
// Evaluation results: the shapes of the gateway's EvaluateDecisionResponse / EvaluatedDecision
// (zeebe.proto), with JSON values instead of JSON strings.

export interface EvaluatedInput {
  readonly inputId: string;
  readonly inputName: string;
  readonly inputValue: FeelValue;
}

export interface EvaluatedOutput {
  readonly outputId: string;
  readonly outputName: string;
  readonly outputValue: FeelValue;
}

export interface MatchedRule {
  readonly ruleId: string;
  /** 1-based. */
  readonly ruleIndex: number;
  readonly evaluatedOutputs: readonly EvaluatedOutput[];
}

export interface EvaluatedDecision {
  readonly decisionId: string;
  readonly decisionName: string;
  readonly decisionType: DecisionType;
  /** Its result; null for the decision whose evaluation failed. */
  readonly decisionOutput: FeelValue;
  /** Decision tables only: every input with its value (empty when an input failed). */
  readonly evaluatedInputs: readonly EvaluatedInput[];
  /** Decision tables only: the rules whose outputs make the result (FIRST: the first one only). */
  readonly matchedRules: readonly MatchedRule[];
}

export interface DecisionFailure {
  /** The decision whose evaluation failed (a required one, or the evaluated one itself). */
  readonly failedDecisionId: string;
  /** Zeebe's wording: "Expected to evaluate decision '<id>', but <reason>". */
  readonly failureMessage: string;
}

export interface DecisionResult {
  /** The decision that was asked for. */
  readonly decisionId: string;
  readonly decisionName: string;
  /** Its output; null when no rule matched (and there is no default output), or on failure. */
  readonly output: FeelValue;
  /** Every decision evaluated, in evaluation order: required decisions first, the asked one last. */
  readonly evaluatedDecisions: readonly EvaluatedDecision[];
  /** Set when the evaluation failed; the evaluation never throws. */
  readonly failure?: DecisionFailure;
}
