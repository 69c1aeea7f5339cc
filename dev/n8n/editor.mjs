import { spawn } from 'node:child_process';

import { n8nEnv } from './env.mjs';
import { formatLogTail, nextLogFile, readN8nLog } from './n8nLog.mjs';
import { setupOwner } from './ownerSetup.mjs';
import { findFreePort } from './ports.mjs';
import { assertRuntimeFiles } from './runN8n.mjs';

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
 * Starts `n8n start` (editor + REST API) for `home` on 127.0.0.1.
 * @param {object} home
 * @param {{ port?: number, timeoutMs?: number, env?: object, logToConsole?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, child: import('node:child_process').ChildProcess, logFile: string,
 *   output: () => string, stop: () => Promise<void>, setupOwner: (owner?: object) => Promise<object> }>}
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
