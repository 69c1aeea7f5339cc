import path from 'node:path';

import { findFreePort, n8nEnv } from '../n8nRuntime.mjs';
import { spawnGroup } from './processGroup.mjs';
import { waitFor } from './waitFor.mjs';

async function isHttpOk(url) {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
		return response.ok;
	} catch {
		return false;
	}
}

/**
 * Starts `n8n <command>` for `home` as its own process group and waits until its
 * readiness endpoint answers. n8n logs as JSON lines to `logFile`
 * (N8N_LOG_OUTPUT=file); stdout and stderr go to `<logFile>.out`.
 * @param {object} home an n8n home (createN8nHome)
 * @param {{ name: string, args: string[], env: object, logFile: string, readinessUrl: string, timeoutMs?: number }} options
 */
export async function startN8nProcess(
	home,
	{ name, args, env, logFile, readinessUrl, timeoutMs = 180_000 },
) {
	const brokerPort = await findFreePort();
	const processEnv = await n8nEnv(
		home,
		{
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			...env,
		},
		{ logFile },
	);
	const outputFile = `${logFile}.out`;
	const group = spawnGroup(name, home.runtime.nodeBin, [home.runtime.n8nBin, ...args], {
		cwd: home.root,
		env: processEnv,
		outputFile,
	});
	const startedAt = Date.now();
	await waitFor(
		async () => {
			if (!group.isRunning())
				throw new Error(`${name} exited during start-up; see ${logFile} and ${outputFile}`);
			return await isHttpOk(readinessUrl);
		},
		{ timeoutMs, what: `${name} at ${readinessUrl}` },
	).catch(async (error) => {
		await group.stop({ signal: 'SIGKILL' });
		throw error;
	});
	return {
		name,
		...group,
		logFile,
		startedAt,
		readyAfterMs: Date.now() - startedAt,
		env: processEnv,
		/** Peak resident memory of the n8n process so far (VmHWM), in bytes. */
		peakRssBytes: () => readPeakRss(group.pid),
	};
}

/** VmHWM of a process from /proc, in bytes (undefined once it has exited). */
export async function readPeakRss(pid) {
	const { readFile } = await import('node:fs/promises');
	const status = await readFile(path.join('/proc', String(pid), 'status'), 'utf8').catch(() => '');
	const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
	return match ? Number(match[1]) * 1024 : undefined;
}
