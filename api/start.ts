// Starting the api: the app schema, the organisation units and (on a fresh installation) the
// demo accounts, the hall's flows deployed through the gateway, then HTTP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ZBClient } from 'zeebe-node';
import { connect } from '../db/connect.js';
import { migrateApp } from '../db/app/migrate.js';
import { createApi, type Api } from './app.js';
import { dictionaryInForce, followDictionaryChanges, noteVersionInForce } from './dictionary/versions.js';
import { deployFlows, type DeployedFlow } from './flows.js';
import { seedDemoStaff, seedOrgUnits } from './seed/demo.js';
import { startTaskInboxFor } from './tasks/inbox.js';
import { scheduleDefaultRatings, type DefaultRatingSchedule } from './ratings/default-schedule.js';
import { openEngineQuery } from './supervision/engine-query.js';

export interface ApiStartOptions {
  readonly databaseUrl: string;
  readonly zbc: ZBClient;
  readonly dataDir: string;
  readonly port: number;
  readonly host?: string;
  /** Seed the demo accounts into an empty staff table (default true). */
  readonly demoAccounts?: boolean;
  readonly now?: () => Date;
}

export interface RunningApi {
  readonly url: string;
  readonly port: number;
  readonly api: Api;
  /** 逾期未评默认好评, run at start and hourly. */
  readonly defaultRatings: DefaultRatingSchedule;
  readonly flows: readonly DeployedFlow[];
  readonly seededAccounts: number;
  stop(): Promise<void>;
}

export async function startApi(options: ApiStartOptions): Promise<RunningApi> {
  const sql = connect(options.databaseUrl);
  try {
    await migrateApp(sql);
    await seedOrgUnits(sql);
    const seededAccounts = options.demoAccounts === false ? 0 : await seedDemoStaff(sql);
    // The dictionary in force is the latest version in the database (seeded from the files once).
    const { dictionary, version } = await dictionaryInForce(sql);
    const flows = await deployFlows(options.zbc);
    // The engine's tables are here only with the embedded engine (not with ZEEBE_ADDRESS).
    const engineQuery = await openEngineQuery(sql);
    const api = await createApi({ sql, zbc: options.zbc, dictionary, dataDir: options.dataDir, engineQuery, ...(options.now ? { now: options.now } : {}) });
    noteVersionInForce(api.ctx, version);
    await followDictionaryChanges(api.ctx);
    const server: Server = await new Promise((resolve, reject) => {
      const s = api.app.listen(options.port, options.host ?? '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const inbox = await startTaskInboxFor(api.ctx);
    const defaultRatings = scheduleDefaultRatings(api.ctx);
    return {
      url: `http://${options.host ?? '127.0.0.1'}:${String(port)}`,
      port,
      api,
      defaultRatings,
      flows,
      seededAccounts,
      async stop() {
        defaultRatings.stop();
        await inbox.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await sql.end({ timeout: 2 });
      },
    };
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
}
