// `npm run workers`: the job workers alone, against ZEEBE_ADDRESS (a real Zeebe, or our engine).
// zeebe-node reads ZEEBE_ADDRESS and its OAuth/TLS variables itself.
import { ZBClient } from 'zeebe-node';
import { allWorkers, startWorkers } from './index.js';

const address = process.env['ZEEBE_ADDRESS'] ?? '127.0.0.1:26500';
const zbc = new ZBClient(address, { loglevel: 'NONE' });
const workers = startWorkers(zbc);
console.log(`workers: ${allWorkers().map((w) => `${w.taskType} (${w.title})`).join(', ')} on ${address}`);
const stop = async (): Promise<void> => {
  await Promise.all(workers.map((w) => w.close(2_000).catch(() => undefined)));
  await zbc.close(2_000).catch(() => undefined);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
