// The files under tests/fixtures (BPMN, DMN and form documents), by their path below it.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const url = (path: string): URL => new URL(`../fixtures/${path}`, import.meta.url);

/** The file's bytes, e.g. fixture('dmn/approval-routing.dmn') for DeployResource. */
export function fixture(path: string): Buffer {
  return readFileSync(url(path));
}

/** The file as text, e.g. await fixtureText('bpmn/county-hall-case.bpmn'). */
export function fixtureText(path: string): Promise<string> {
  return readFile(url(path), 'utf8');
}
