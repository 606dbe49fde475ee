// Deploying a designer's resource (.bpmn, .dmn, .form) through the Zeebe gateway — to our engine
// or a real Zeebe alike — and auditing it (who, when, which resource, which version).
//
// A rejected deployment changes nothing (Zeebe validates every resource before storing any).
// The designer gets the engine's text verbatim, plus the ids of the offending elements picked
// out of it: Zeebe's validator (and ours) writes one "- Element: <id>" line per problem, followed
// by "- ERROR: <message>", which is what the modeler highlights.
import type { Deployment, DeployResourceResponse } from 'zeebe-node';
import { audit } from '../audit.js';
import type { Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { ApiError, type ErrorIssue } from '../http/errors.js';
import { engineRefused, grpcFailure, GRPC_INVALID_ARGUMENT } from '../supervision/grpc-failure.js';
import { rememberElementNames } from '../tasks/element-names.js';

export const RESOURCE_KINDS = { bpmn: 'process', dmn: 'decision', form: 'form' } as const;
export type ResourceExtension = keyof typeof RESOURCE_KINDS;

export function extensionOf(name: string): ResourceExtension | undefined {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'bpmn' || ext === 'dmn' || ext === 'form' ? ext : undefined;
}

export interface ElementProblem {
  readonly elementId: string;
  readonly message: string;
}

/** The "- Element: id / - ERROR: message" pairs of a Zeebe deployment rejection. */
export function elementProblems(rejection: string): ElementProblem[] {
  const out: ElementProblem[] = [];
  const pattern = /- Element: (\S+)\s*\n\s*- ERROR: ([^\n]*)/g;
  for (let m = pattern.exec(rejection); m !== null; m = pattern.exec(rejection)) {
    if (m[1] !== undefined) out.push({ elementId: m[1], message: m[2] ?? '' });
  }
  return out;
}

/** A 400 that also carries the offending element ids (error.elementIds) and the engine's text. */
export class DeploymentRejected extends ApiError {
  constructor(
    readonly engineMessage: string,
    readonly problems: readonly ElementProblem[],
  ) {
    const issues: ErrorIssue[] = problems.map((p) => ({ path: `body.content#${p.elementId}`, message: p.message }));
    super(400, 'deployment_rejected', `流程引擎拒绝部署：${engineMessage}`, issues);
  }

  override toBody(): { error: { code: string; message: string; issues?: readonly ErrorIssue[]; elementIds: string[]; engineMessage: string } } {
    const body = super.toBody();
    return { error: { ...body.error, elementIds: [...new Set(this.problems.map((p) => p.elementId))], engineMessage: this.engineMessage } };
  }
}

export interface DeployedResource {
  readonly kind: 'process' | 'decision' | 'decisionRequirements' | 'form';
  /** bpmnProcessId, decision id, DRG id or form id. */
  readonly id: string;
  readonly version: number;
  readonly key: string;
  readonly resourceName: string;
}

export interface DeploymentResult {
  readonly deploymentKey: string;
  readonly resources: DeployedResource[];
}

function describe(d: Deployment, resourceName: string): DeployedResource | undefined {
  if ('process' in d && d.process) {
    return { kind: 'process', id: d.process.bpmnProcessId, version: d.process.version, key: String(d.process.processDefinitionKey), resourceName: d.process.resourceName };
  }
  if ('decisionRequirements' in d && d.decisionRequirements) {
    const r = d.decisionRequirements;
    return { kind: 'decisionRequirements', id: r.dmnDecisionRequirementsId, version: r.version, key: String(r.decisionRequirementsKey), resourceName: r.resourceName || resourceName };
  }
  if ('decision' in d && d.decision) {
    return { kind: 'decision', id: d.decision.dmnDecisionId, version: d.decision.version, key: String(d.decision.decisionKey), resourceName };
  }
  if ('form' in d && d.form) {
    return { kind: 'form', id: d.form.formId, version: d.form.version, key: String(d.form.formKey), resourceName: d.form.resourceName || resourceName };
  }
  return undefined;
}

export async function deployResource(ctx: ApiContext, staff: Staff, name: string, content: Buffer): Promise<DeploymentResult> {
  const ext = extensionOf(name);
  let response: DeployResourceResponse<Deployment>;
  try {
    if (ext === 'dmn') response = await ctx.zbc.deployResource({ name, decision: content });
    else if (ext === 'form') response = await ctx.zbc.deployResource({ name, form: content });
    else response = await ctx.zbc.deployResource({ name, process: content });
  } catch (error) {
    const f = grpcFailure(error);
    if (f.code === GRPC_INVALID_ARGUMENT) throw new DeploymentRejected(f.details, elementProblems(f.details));
    throw engineRefused(`部署 ${name}`, error);
  }
  const resources = response.deployments.map((d) => describe(d, name)).filter((r): r is DeployedResource => r !== undefined);
  const deploymentKey = String(response.key);
  if (ext === 'bpmn' || ext === undefined) {
    // The task inbox names tasks from the models (tasks/element-names.ts): a new or renamed step of
    // this flow shows its name. The engine has the flow already, so a failure here is logged, not
    // turned into a failed deployment; its tasks would show element ids until the next deploy.
    await rememberElementNames(ctx.sql, content.toString('utf8')).catch((error: unknown) => console.error(`designer: could not record the step names of ${name}`, error));
  }
  await audit(
    ctx.sql,
    {
      actor: staff.username,
      action: 'designer.deploy',
      subjectType: 'deployment',
      subjectId: deploymentKey,
      detail: { resourceName: name, bytes: content.length, resources: resources.map((r) => ({ kind: r.kind, id: r.id, version: r.version, key: r.key })) },
    },
    ctx.now(),
  );
  return { deploymentKey, resources };
}
