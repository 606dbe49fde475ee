// Reads what `npm run bench -- --profile` / `--heap-snapshot` leave in bench/results/profiles and
// prints where the time (or the memory) goes:
//   npx tsx bench/engine/profile-summary.ts bench/results/profiles/CPU.*.cpuprofile
//   npx tsx bench/engine/profile-summary.ts bench/results/profiles/engine-*.heapsnapshot
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
  readonly children?: number[];
}
interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: number[];
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

function where(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return url;
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? file);
  }
  return path.relative(root, file);
}

function table(title: string, rows: [string, number][], total: number, unit: string, limit = 30): void {
  console.log(`\n${title}`);
  for (const [name, v] of rows.sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`${(v / total * 100).toFixed(1).padStart(6)}%  ${v.toFixed(unit === 'ms' ? 0 : 0).padStart(10)} ${unit}  ${name}`);
  }
}

function cpu(file: string): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalMs = (p.endTime - p.startTime) / 1000;
  const perSample = totalMs / Math.max(1, p.samples.length);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let busy = 0;
  for (const n of p.nodes) {
    const ms = (n.hitCount ?? 0) * perSample;
    const fn = n.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)' || fn === '(program)' || fn === '(root)') {
      byPlace.set(fn, (byPlace.get(fn) ?? 0) + ms);
      continue;
    }
    busy += ms;
    const key = `${fn}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    const place = fn === '(garbage collector)' ? '(garbage collector)' : where(n.callFrame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
  }
  console.log(`${file}: ${totalMs.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms in JavaScript/GC (the rest idle or native outside V8)`);
  table('Self time by package / file', [...byPlace], totalMs, 'ms', 25);
  table('Self time by function', [...byFunction], totalMs, 'ms', 40);
}

interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[], ...unknown[]] } };
  readonly nodes: number[];
  readonly strings: string[];
}

function heap(file: string): void {
  const h = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = h.snapshot.meta.node_fields;
  const types = h.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const bySort = new Map<string, [number, number]>();
  let total = 0;
  for (let i = 0; i < h.nodes.length; i += width) {
    const type = types[h.nodes[i + iType] ?? 0] ?? '?';
    const size = h.nodes[i + iSize] ?? 0;
    let name = h.strings[h.nodes[i + iName] ?? 0] ?? '?';
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '(strings)';
    else if (type === 'number' || type === 'heap number') name = '(numbers)';
    else if (name.length > 60) name = name.slice(0, 57) + '...';
    const key = `${type}: ${name}`;
    const cur = bySort.get(key) ?? [0, 0];
    bySort.set(key, [cur[0] + size, cur[1] + 1]);
    total += size;
  }
  console.log(`${file}: ${(total / 1024 / 1024).toFixed(1)} MiB of live objects`);
  console.log('\nSelf size by type: constructor (count)');
  for (const [k, [size, count]] of [...bySort].sort((a, b) => b[1][0] - a[1][0]).slice(0, 40)) {
    console.log(`${(size / total * 100).toFixed(1).padStart(6)}%  ${(size / 1024 / 1024).toFixed(1).padStart(8)} MiB  ${String(count).padStart(9)}  ${k}`);
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npx tsx bench/engine/profile-summary.ts <file.cpuprofile | file.heapsnapshot>...');
  process.exit(2);
}
for (const f of files) (f.endsWith('.heapsnapshot') ? heap : cpu)(f);
