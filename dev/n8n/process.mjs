import { spawn } from 'node:child_process';
import path from 'node:path';

const activeChildren = new Set();

/**
 * Runs a command, resolves { code, stdout, stderr }. Rejects on a non-zero exit
 * unless `allowFailure` is set.
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
