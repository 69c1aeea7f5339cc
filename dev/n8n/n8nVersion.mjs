import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { n8nBaseEnv } from './env.mjs';
import { run } from './process.mjs';

/** `n8n --version` of the cached runtime, run in a throwaway user folder. */
export async function readN8nVersion(paths, { cwd, timeoutMs } = {}) {
	const probeHome = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-n8n-probe-'));
	try {
		const { stdout } = await run(paths.nodeBin, [paths.n8nBin, '--version'], {
			cwd,
			env: { ...process.env, ...n8nBaseEnv(), N8N_USER_FOLDER: probeHome },
			timeoutMs,
		});
		return stdout.trim();
	} finally {
		await fsp.rm(probeHome, { recursive: true, force: true });
	}
}
