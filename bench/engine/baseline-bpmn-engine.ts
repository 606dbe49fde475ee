// The baseline: the same case flow on bpmn-engine (v25), in memory, in this process — no network,
// no durability. Service tasks call a service function that answers at once; the user task waits
// and is signalled as soon as it waits; the gateway reads `approved`, set by the check service.
//
// Two ways of starting an instance, because they differ by ~2x on this flow:
//  - `source`: new Engine({ source }) per instance, as bpmn-engine's examples do — it parses the
//    XML every time (the ~63 instances/s the issue quotes);
//  - `preparsed`: the definitions parsed and serialized once (moddle-context-serializer, which
//    bpmn-engine uses itself) and handed to each Engine as `sourceContext`. The fairer baseline,
//    since our engine parses a deployment once too.
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import { BpmnModdle } from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { baselineFlowXml, caseVariables } from './flow.js';

export interface BaselineResult {
  readonly mode: 'source' | 'preparsed';
  readonly instances: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly instancesPerSecond: number;
  /** CPU this process spent per instance, ms. */
  readonly cpuMsPerInstance: number;
}

type ServiceCallback = (error: Error | null, result?: unknown) => void;
interface ServiceContext {
  readonly environment: { readonly variables: Record<string, unknown> };
}
interface WaitingActivity {
  readonly id: string;
  signal(message?: unknown): void;
}

const services = {
  intake(_ctx: ServiceContext, done: ServiceCallback): void {
    done(null, { intakeChecked: true });
  },
  check(ctx: ServiceContext, done: ServiceCallback): void {
    ctx.environment.variables['approved'] = true;
    done(null, { approved: true });
  },
  notify(_ctx: ServiceContext, done: ServiceCallback): void {
    done(null, { notified: true });
  },
};

async function runOne(i: number, source: { source: string } | { sourceContext: ReturnType<typeof serializer> }, trace?: string[]): Promise<void> {
  const listener = new EventEmitter();
  listener.on('wait', (activity: WaitingActivity) => activity.signal({ reviewer: 'clerk-7' }));
  if (trace) listener.on('activity.end', (activity: WaitingActivity) => trace.push(activity.id));
  const engine = new Engine({ name: `case-${i}`, ...source, listener, variables: caseVariables(i), services });
  const ended = engine.waitFor('end');
  await engine.execute();
  await ended;
}

export async function runBaseline(options: { instances: number; concurrency: number; mode: 'source' | 'preparsed' }): Promise<BaselineResult> {
  const xml = baselineFlowXml();
  let source: { source: string } | { sourceContext: ReturnType<typeof serializer> };
  if (options.mode === 'source') {
    source = { source: xml };
  } else {
    const moddleContext = await new BpmnModdle().fromXML(xml);
    source = { sourceContext: serializer(moddleContext, TypeResolver(Elements)) };
  }

  // One instance first: it warms up, and proves the flow takes the approved path to the end.
  const trace: string[] = [];
  await runOne(-1, source, trace);
  const expected = 'start intake check approved review notify done';
  if (trace.join(' ') !== expected) throw new Error(`bpmn-engine took an unexpected path: ${trace.join(' ')} (expected ${expected})`);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < options.instances) await runOne(next++, source);
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    mode: options.mode,
    instances: options.instances,
    concurrency: options.concurrency,
    seconds,
    instancesPerSecond: options.instances / seconds,
    cpuMsPerInstance: (cpu.user + cpu.system) / 1000 / options.instances,
  };
}
