// `npm run workers`: the job workers alone, against ZEEBE_ADDRESS (a real Zeebe, or our engine)
// and the app's database at DATABASE_URL (the api migrates it; the workers migrate too, so they
// may start first). zeebe-node reads ZEEBE_ADDRESS and its OAuth/TLS variables itself.
// PUBLIC_URL is where citizens open the rating link the invitations carry.
import path from 'node:path';
import { ZBClient } from 'zeebe-node';
import { connect } from '../db/connect.js';
import { migrateApp } from '../db/app/migrate.js';
import { loadDictionary } from '../processes/dictionary/load.js';
import { workerContext } from './context.js';
import { allWorkers, startWorkers } from './index.js';

const databaseUrl = process.env['DATABASE_URL'];
if (!databaseUrl) {
  console.error('workers: DATABASE_URL is not set (the workers read and write the cases in the app schema)');
  process.exit(2);
}
const sql = connect(databaseUrl);
await migrateApp(sql);
const dictionary = loadDictionary();
const ctx = workerContext({
  sql,
  dictionary: () => dictionary,
  filesDir: path.join(process.env['DATA_DIR'] ?? './.data', 'files'),
  settings: { publicBaseUrl: process.env['PUBLIC_URL'] ?? '' },
});
const address = process.env['ZEEBE_ADDRESS'] ?? '127.0.0.1:26500';
const zbc = new ZBClient(address, { loglevel: 'NONE' });
const workers = startWorkers(zbc, ctx);
console.log(`workers: ${allWorkers().map((w) => `${w.taskType} (${w.title})`).join(', ')} on ${address}`);
const stop = async (): Promise<void> => {
  await Promise.all(workers.map((w) => w.close(2_000).catch(() => undefined)));
  await zbc.close(2_000).catch(() => undefined);
  await sql.end({ timeout: 2 });
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
