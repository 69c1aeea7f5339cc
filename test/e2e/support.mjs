// Helpers shared by the end-to-end test files.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

import { executeWorkflow, importWorkflow, openN8nHome } from '../../dev/n8nRuntime.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'dev', 'fixtures');
export const WORKFLOWS_DIR = path.join(HERE, 'workflows');
export const NODE_TYPE = 'n8n-nodes-wan-video.wanVideo';

/** What globalSetup.mjs provides: simUrl, simLatencyMs, homeDir, wrongKey, tarball. */
export function e2eContext() {
	const context = inject('e2e');
	if (!context) throw new Error('run the end-to-end tests with: npm run test:e2e');
	return context;
}

export async function openHome() {
	return await openN8nHome(e2eContext().homeDir);
}

export async function readFixture(name) {
	return await fs.readFile(path.join(FIXTURES_DIR, name));
}

/** A workflow of test/e2e/workflows with its placeholders (__FIXTURES_DIR__) filled in. */
export async function loadWorkflow(name) {
	const text = await fs.readFile(path.join(WORKFLOWS_DIR, name), 'utf8');
	const fixturesDir = await fs.realpath(FIXTURES_DIR);
	return JSON.parse(text.split('__FIXTURES_DIR__').join(fixturesDir));
}

/** Imports the workflows (one `n8n import:workflow`), runs one with `n8n execute`. */
export async function importAndExecute(home, workflow, { env, timeoutMs = 4 * 60_000 } = {}) {
	const { id } = await importWorkflow(home, workflow);
	return await executeWorkflow(home, id, { env, timeoutMs });
}

/** The simulator's recorded requests, submits, jobs and counters. */
export async function simState() {
	const response = await fetch(`${e2eContext().simUrl}/__sim/state`);
	if (!response.ok) throw new Error(`simulator state: HTTP ${response.status}`);
	return await response.json();
}

/** The last submit the simulator received with exactly this prompt. */
export function lastSubmit(state, prompt) {
	const submits = state.submits.filter((submit) => submit.prompt === prompt);
	return submits.at(-1);
}

/** Text for assertion messages: the workflow error and the tail of n8n's log. */
export function explain(result) {
	const error = result.error
		? `${result.error.message}${result.error.description ? ` -- ${result.error.description}` : ''}`
		: 'no workflow error';
	const logs = (result.logs ?? [])
		.filter((entry) => entry.level === 'error' || entry.level === 'warn')
		.slice(-10)
		.map((entry) => `${entry.level}: ${String(entry.message).slice(0, 500)}`)
		.join('\n');
	return `n8n execute: exit ${result.code}, status ${result.status}, ${error}\n${logs}\nlog file: ${result.logFile}`;
}

/** Every text n8n wrote: stdout, stderr and run data of an execution, and every log file of the home. */
export async function everythingWritten(result, home) {
	const logFiles = home
		? (await fs.readdir(home.logsDir)).map((name) => path.join(home.logsDir, name))
		: [];
	if (result.logFile && !logFiles.includes(result.logFile)) logFiles.push(result.logFile);
	const logs = await Promise.all(logFiles.map((file) => fs.readFile(file, 'utf8').catch(() => '')));
	return [result.stdout, result.stderr, JSON.stringify(result.run ?? {}), ...logs].join('\n');
}
