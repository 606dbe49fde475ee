// `npm run api`: the api alone, against DATABASE_URL (or the embedded PostgreSQL in DATA_DIR) and
// the Zeebe gateway at ZEEBE_ADDRESS.
import { ZBClient } from 'zeebe-node';
import { openDatabase } from '../db/connect.js';
import { startApi } from './start.js';

const db = await openDatabase();
const zbc = new ZBClient(process.env['ZEEBE_ADDRESS'] ?? '127.0.0.1:26500', { loglevel: 'NONE' });
const api = await startApi({ databaseUrl: db.url, zbc, dataDir: process.env['DATA_DIR'] ?? './.data', port: Number(process.env['PORT'] ?? 8080), host: process.env['HOST'] ?? '127.0.0.1' });
console.log(`api: ${api.url}/api (OpenAPI at ${api.url}/api/docs)`);
const stop = async (): Promise<void> => {
  await api.stop();
  await zbc.close(2_000).catch(() => undefined);
  await db.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
