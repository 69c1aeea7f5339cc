// Running n8n for a home: its environment and log files, CLI commands, `n8n execute`, and the
// editor (`n8n start`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

import { collectBinaryIds, extractRunData, getNodeOutput } from './results.mjs';
import { n8nBaseEnv } from './runtime.mjs';
import { findFreePort, run } from './system.mjs';

const INHERITED_ENV_BLOCKLIST = [
	/^N8N_/,
	/^DB_/,
	/^EXECUTIONS_/,
	/^QUEUE_/,
	/^NODE_OPTIONS$/,
	/^NODE_PATH$/,
	// vitest sets NODE_ENV=test, which makes n8n silence its logger (no run data, no import report).
	/^NODE_ENV$/,
	/^VITEST/,
	/^npm_/i,
];

/**
 * Environment for an n8n process of `home`: offline settings, the home's folder and
 * encryption key, file logging, a free task-broker port. `extra` wins over everything.
 */
export async function n8nEnv(home, extra = {}, { logFile } = {}) {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !INHERITED_ENV_BLOCKLIST.some((pattern) => pattern.test(key)),
		),
	);
	const brokerPort = home.brokerPort ?? (await findFreePort());
	return {
		...inherited,
		PATH: `${path.dirname(home.runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		TZ: 'UTC',
		NO_COLOR: '1',
		...n8nBaseEnv(),
		N8N_USER_FOLDER: home.root,
		N8N_ENCRYPTION_KEY: home.encryptionKey,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// n8n 3 flips this default to false, which would stop unverified packages (like this one) from loading.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		// The same place on every line (1.x defaults to .n8n/binaryData, 2.x to .n8n/storage).
		N8N_BINARY_DATA_STORAGE_PATH: home.storageDir,
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: logFile ? 'file' : 'console',
		...(logFile ? { N8N_LOG_FILE_LOCATION: logFile } : {}),
		...extra,
	};
}

/** Parses an n8n JSON log file into [{ level, message, timestamp, metadata }]. */
export async function readN8nLog(file) {
	const text = await fsp.readFile(file, 'utf8').catch(() => '');
	return text
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			try {
				return JSON.parse(line);
			} catch {
				return { level: 'raw', message: line };
			}
		});
}

/** A new, unique log file path in the home's logs folder, named after the command. */
function nextLogFile(home, name) {
	home.seq += 1;
	const stamp = `${Date.now()}-${process.pid}-${home.seq}`;
	return path.join(home.logsDir, `${name}-${stamp}.log`);
}

/** The last log entries as "level: message" lines, for error messages. */
function formatLogTail(logs, count) {
	return logs
		.slice(-count)
		.map((entry) => `${entry.level}: ${entry.message}`)
		.join('\n');
}

function assertRuntimeFiles(home) {
	if (!fs.existsSync(home.runtime.nodeBin) || !fs.existsSync(home.runtime.n8nBin)) {
		throw new Error(
			`n8n runtime missing in ${home.runtime.cacheDir}; run: node dev/n8nRuntime.mjs install (or call ensureN8nInstalled())`,
		);
	}
}

/**
 * Runs an n8n CLI command in `home` with the line's Node binary. Logs go to a file.
 * @returns {Promise<{ code: number|null, stdout: string, stderr: string, logs: object[], logFile: string, durationMs: number, timedOut: boolean }>}
 */
export async function runN8n(
	home,
	args,
	{ env = {}, timeoutMs = 5 * 60_000, allowFailure = true } = {},
) {
	assertRuntimeFiles(home);
	const logFile = nextLogFile(home, String(args[0]).replace(/[^a-z0-9]+/gi, '_'));
	const t0 = Date.now();
	const result = await run(home.runtime.nodeBin, [home.runtime.n8nBin, ...args], {
		cwd: home.root,
		env: await n8nEnv(home, env, { logFile }),
		timeoutMs,
		allowFailure: true,
	});
	const out = { ...result, logs: await readN8nLog(logFile), logFile, durationMs: Date.now() - t0 };
	if (!allowFailure && (result.code !== 0 || result.timedOut)) {
		throw Object.assign(
			new Error(
				`n8n ${args.join(' ')} failed (${result.timedOut ? 'timeout' : `exit ${result.code}`})\n${formatLogTail(out.logs, 15)}\n${result.stderr.slice(-3000)}`,
			),
			out,
		);
	}
	return out;
}

/** The execution id, read from the ids of the binaries the run stored (undefined when none). */
function findExecutionId(run) {
	return collectBinaryIds(run)
		.map((binaryId) => /\/executions\/([^/]+)\/binary_data\//.exec(binaryId)?.[1])
		.find(Boolean);
}

/**
 * Executes an imported workflow with `n8n execute --id=<id> --rawOutput` and parses the
 * result. Never throws for a failed workflow: check `ok` / `error`.
 * @returns {Promise<{ ok: boolean, status: string|undefined, run: object|undefined, error: object|undefined,
 *   lastNodeExecuted: string|undefined, executionId: string|undefined, output: (node: string, opts?: object) => object[]|undefined,
 *   code: number|null, durationMs: number, logs: object[], logFile: string, stdout: string, stderr: string, timedOut: boolean }>}
 */
export async function executeWorkflow(home, id, { timeoutMs = 10 * 60_000, env = {} } = {}) {
	const result = await runN8n(home, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env });
	const run = extractRunData(result.logs, result.stdout);
	const error = run?.data?.resultData?.error;
	return {
		ok: result.code === 0 && Boolean(run) && !error,
		status: run?.status,
		run,
		error,
		lastNodeExecuted: run?.data?.resultData?.lastNodeExecuted,
		executionId: run ? findExecutionId(run) : undefined,
		output: (nodeName, options) => getNodeOutput(run, nodeName, options),
		code: result.code,
		timedOut: result.timedOut,
		durationMs: result.durationMs,
		logs: result.logs,
		logFile: result.logFile,
		stdout: result.stdout,
		stderr: result.stderr,
	};
}

async function waitForHttp(url, { timeoutMs, isAlive }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!isAlive()) return false;
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (res.ok) return true;
		} catch {
			// not up yet
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	return false;
}

/**
 * Creates the instance owner of the n8n at `url` through the REST API (fresh homes only)
 * and returns the login data and the auth cookie.
 */
async function setupOwner(
	url,
	{
		email = 'owner@example.com',
		password = 'Wan-video-demo-1',
		firstName = 'Demo',
		lastName = 'Owner',
	} = {},
) {
	// n8n 1.x answers its readiness check a few seconds before it serves the REST routes.
	const deadline = Date.now() + 60_000;
	let res;
	for (;;) {
		res = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': 'wan-video-runtime' },
			body: JSON.stringify({ email, password, firstName, lastName }),
		});
		if (res.status !== 404 || Date.now() > deadline) break;
		await res.text();
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	const body = await res.text();
	if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${body.slice(0, 500)}`);
	return { email, password, firstName, lastName, cookie: res.headers.get('set-cookie') };
}

/**
 * Starts `n8n start` (editor + REST API) for `home` on 127.0.0.1.
 * @param {object} home
 * @param {{ port?: number, timeoutMs?: number, env?: object, logToConsole?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, child: import('node:child_process').ChildProcess, logFile: string,
 *   output: () => string, stop: () => Promise<void>, setupOwner: (owner?: object) => Promise<object>,
 *   exited: Promise<{ code: number|null, signal: string|null }> }>}
 */
export async function startEditor(
	home,
	{ port, timeoutMs = 120_000, env = {}, logToConsole = false } = {},
) {
	assertRuntimeFiles(home);
	const editorPort = port ?? (await findFreePort());
	const url = `http://127.0.0.1:${editorPort}`;
	const logFile = nextLogFile(home, 'start');
	const childEnv = await n8nEnv(
		home,
		{
			N8N_PORT: String(editorPort),
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${url}/`,
			N8N_WEBHOOK_URL: `${url}/`,
			...env,
		},
		{ logFile: logToConsole ? undefined : logFile },
	);
	const child = spawn(home.runtime.nodeBin, [home.runtime.n8nBin, 'start'], {
		cwd: home.root,
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const collect = (chunk) => {
		output += chunk;
		if (output.length > 1_000_000) output = output.slice(-500_000);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	let exited = false;
	const exitPromise = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			exited = true;
			resolve({ code, signal });
		}),
	);

	// Never leave an editor behind when the calling process ends without stop().
	const killOnExit = () => {
		if (!exited) child.kill('SIGKILL');
	};
	process.once('exit', killOnExit);
	exitPromise.then(() => process.removeListener('exit', killOnExit));

	const stop = async () => {
		if (exited) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		await exitPromise;
		clearTimeout(timer);
	};

	const ready = await waitForHttp(`${url}/healthz/readiness`, {
		timeoutMs,
		isAlive: () => !exited,
	});
	if (!ready) {
		await stop();
		const logs = formatLogTail(await readN8nLog(logFile), 20);
		throw new Error(`n8n start did not become ready on ${url}\n${logs}\n${output.slice(-3000)}`);
	}

	return {
		url,
		port: editorPort,
		child,
		logFile,
		output: () => output,
		stop,
		setupOwner: (owner) => setupOwner(url, owner),
		exited: exitPromise,
	};
}
