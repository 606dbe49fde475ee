// The supervisors' read-only HTTP API over the engine's tables, in Camunda 8 REST API v2 shapes
// (see README.md in this folder for every endpoint). Mount it where the engine or the api serves
// HTTP: app.use(queryRouter(sql)). It reads engine.* and never writes.
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { elementInstanceSearchRequest, elementInstanceTree, searchElementInstances } from './element-instances.js';
import { parseRequest, QueryError, type ProblemDetail } from './errors.js';
import { keyValue } from './filters.js';
import { historyQuery, processInstanceHistory } from './history.js';
import { incidentSearchRequest, searchIncidents } from './incidents.js';
import { jobSearchRequest, searchJobs } from './jobs.js';
import { getProcessInstance, processInstanceSearchRequest, searchProcessInstances } from './process-instances.js';
import { elementStatistics, instanceWaitStates, sequenceFlows, waitStateQuery, waitStateStatistics } from './statistics.js';
import { searchVariables, variableSearchRequest } from './variables.js';

const keyParam = z.strictObject({ key: keyValue });
const variableSearchQuery = z.strictObject({ truncateValues: z.enum(['true', 'false']).optional() });

function problem(res: Response, req: Request, status: number, title: string, detail: string): void {
  const body: ProblemDetail = { type: 'about:blank', title, status, detail, instance: req.originalUrl };
  res.status(status).type('application/problem+json').json(body);
}

/** The process instance key in the path, validated. */
const pathKey = (req: Request): string => parseRequest(keyParam, req.params, []).key;

/** A search body; an empty body is an empty search (everything, first page). */
const body = (req: Request): unknown => (req.body === undefined || req.body === null ? {} : req.body);

export function queryRouter(sql: Sql): Router {
  const router = express.Router();
  router.use('/v2', express.json({ limit: '1mb' }));

  router.post('/v2/process-instances/search', async (req, res) => {
    res.json(await searchProcessInstances(sql, parseRequest(processInstanceSearchRequest, body(req))));
  });
  router.get('/v2/process-instances/:key', async (req, res) => {
    res.json(await getProcessInstance(sql, pathKey(req)));
  });
  router.get('/v2/process-instances/:key/element-instances/tree', async (req, res) => {
    res.json(await elementInstanceTree(sql, pathKey(req)));
  });
  router.get('/v2/process-instances/:key/history', async (req, res) => {
    const key = pathKey(req);
    res.json(await processInstanceHistory(sql, key, parseRequest(historyQuery, req.query)));
  });
  router.get('/v2/process-instances/:key/statistics/element-instances', async (req, res) => {
    res.json(await elementStatistics(sql, pathKey(req)));
  });
  router.get('/v2/process-instances/:key/statistics/wait-states', async (req, res) => {
    res.json(await instanceWaitStates(sql, pathKey(req)));
  });
  router.get('/v2/process-instances/:key/sequence-flows', async (req, res) => {
    res.json(await sequenceFlows(sql, pathKey(req)));
  });
  router.post('/v2/element-instances/search', async (req, res) => {
    res.json(await searchElementInstances(sql, parseRequest(elementInstanceSearchRequest, body(req))));
  });
  router.post('/v2/variables/search', async (req, res) => {
    const q = parseRequest(variableSearchQuery, req.query);
    res.json(await searchVariables(sql, parseRequest(variableSearchRequest, body(req)), { truncateValues: q.truncateValues !== 'false' }));
  });
  router.post('/v2/incidents/search', async (req, res) => {
    res.json(await searchIncidents(sql, parseRequest(incidentSearchRequest, body(req))));
  });
  router.post('/v2/jobs/search', async (req, res) => {
    res.json(await searchJobs(sql, parseRequest(jobSearchRequest, body(req))));
  });
  router.get('/v2/statistics/wait-states', async (req, res) => {
    res.json(await waitStateStatistics(sql, parseRequest(waitStateQuery, req.query)));
  });

  const onError: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof QueryError) {
      problem(res, req, error.status, error.title, error.detail);
      return;
    }
    const e = error as { type?: unknown; status?: unknown; message?: unknown } | null;
    if (e && typeof e === 'object' && e.type === 'entity.parse.failed') {
      problem(res, req, 400, 'INVALID_ARGUMENT', `The request body is not valid JSON: ${String(e.message)}`);
      return;
    }
    if (e && typeof e === 'object' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      problem(res, req, e.status, 'INVALID_ARGUMENT', String(e.message));
      return;
    }
    console.error(`query: ${req.method} ${req.originalUrl} failed`, error);
    problem(res, req, 500, 'INTERNAL', error instanceof Error ? error.message : String(error));
  };
  router.use(onError);
  return router;
}
