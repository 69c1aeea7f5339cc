import fs from 'node:fs';

import { n8nEnv } from './env.mjs';
import { formatLogTail, nextLogFile, readN8nLog } from './n8nLog.mjs';
import { run } from './process.mjs';

export function assertRuntimeFiles(home) {
	if (!fs.existsSync(home.runtime.nodeBin) || !fs.existsSync(home.runtime.n8nBin)) {
		throw new Error(
			`n8n runtime missing in ${home.runtime.cacheDir}; run: node dev/n8nRuntime.mjs install (or call ensureN8nInstalled())`,
		);
	}
}

/**
 * Runs an n8n CLI command in `home` with the Node 24 binary. Logs go to a file.
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
