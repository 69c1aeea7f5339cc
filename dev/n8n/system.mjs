// What every part of the runtime needs from the machine: child processes, free ports,
// JSON files, npm and progress messages.
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

const activeChildren = new Set();

/**
 * Runs a command, resolves { code, signal, stdout, stderr, timedOut }. Rejects on a
 * non-zero exit unless `allowFailure` is set.
 */
export function run(
	command,
	args,
	{ cwd, env, allowFailure = false, timeoutMs = 0, input, onStdout, onStderr } = {},
) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd,
			env: env ?? process.env,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		activeChildren.add(child);
		child.once('exit', () => activeChildren.delete(child));
		let stdout = '';
		let stderr = '';
		let timer;
		let timedOut = false;
		if (timeoutMs > 0) {
			timer = setTimeout(() => {
				timedOut = true;
				child.kill('SIGKILL');
			}, timeoutMs);
		}
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			onStdout?.(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			onStderr?.(chunk);
		});
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const result = { code, signal, stdout, stderr, timedOut };
			if ((code !== 0 || timedOut) && !allowFailure) {
				const error = new Error(
					`${path.basename(command)} ${args.join(' ')} failed (${timedOut ? 'timeout' : `exit ${code ?? signal}`})\n` +
						`--- stdout (tail) ---\n${stdout.slice(-4000)}\n--- stderr (tail) ---\n${stderr.slice(-4000)}`,
				);
				Object.assign(error, result);
				reject(error);
				return;
			}
			resolve(result);
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

/** Sends SIGTERM to every child process started by run() that has not exited yet. */
export function terminateActiveChildren() {
	for (const child of activeChildren) child.kill('SIGTERM');
}

/** A currently free TCP port on 127.0.0.1. */
export function findFreePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** The parsed JSON of `file`, or undefined when it is missing or not valid JSON. */
export async function readJson(file) {
	try {
		return JSON.parse(await fsp.readFile(file, 'utf8'));
	} catch {
		return undefined;
	}
}

export async function writeJson(file, value) {
	await fsp.writeFile(file, JSON.stringify(value, null, 2), 'utf-8');
}

/** Progress messages go to stderr so that stdout stays machine-readable. */
export function logProgress(message) {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

export function npmCommand() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** npm environment for installs: quiet, no audit, no update checks. */
export function npmEnv(extra = {}) {
	return {
		...process.env,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_loglevel: process.env.npm_config_loglevel || 'warn',
		...extra,
	};
}
