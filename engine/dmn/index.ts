// DMN decisions as Zeebe 8.3–8.5 deploys and evaluates them: parse.ts validates a DMN resource into
// a decision requirements graph at deploy time; evaluate.ts evaluates one of its decisions
// (EvaluateDecision, business rule tasks with zeebe:calledDecision).
export { parseDmn } from './parse.js';
export { evaluateDecision } from './evaluate.js';
export type {
  CollectAggregation,
  DecisionFailure,
  DecisionLogic,
  DecisionModel,
  DecisionRequirementsModel,
  DecisionResult,
  DecisionRule,
  DecisionTableInput,
  DecisionTableLogic,
  DecisionTableOutput,
  DecisionType,
  EvaluatedDecision,
  EvaluatedInput,
  EvaluatedOutput,
  HitPolicy,
  LiteralExpressionLogic,
  MatchedRule,
} from './types.js';
