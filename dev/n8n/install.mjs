import fs from 'node:fs';
import fsp from 'node:fs/promises';

import { installN8n } from './installN8n.mjs';
import { installNode } from './installNode.mjs';
import { withInstallLock } from './installLock.mjs';
import { logProgress } from './log.mjs';
import { getCacheDir, getRuntimePaths, N8N_VERSION, NODE_VERSION } from './paths.mjs';
import { readJson } from './readJson.mjs';

async function isNodeInstalled(paths) {
	const marker = await readJson(paths.nodeMarker);
	return Boolean(marker && marker.nodeVersion === NODE_VERSION && fs.existsSync(paths.nodeBin));
}

async function isN8nInstalled(paths) {
	const marker = await readJson(paths.n8nMarker);
	return Boolean(
		marker &&
			marker.n8nVersion === N8N_VERSION &&
			marker.nodeVersion === NODE_VERSION &&
			fs.existsSync(paths.n8nBin),
	);
}

/**
 * Makes sure Node 24 and n8n are installed in the cache. Idempotent and safe to call
 * from parallel processes. Resolves the runtime paths.
 * @param {{ cacheDir?: string, log?: (msg: string) => void, force?: boolean }} [options]
 */
export async function ensureN8nInstalled({
	cacheDir = getCacheDir(),
	log = logProgress,
	force = false,
} = {}) {
	const paths = getRuntimePaths(cacheDir);
	if (!force && (await isNodeInstalled(paths)) && (await isN8nInstalled(paths))) return paths;
	await withInstallLock(paths, log, async () => {
		if (force || !(await isNodeInstalled(paths))) {
			await installNode(paths, log);
			// n8n's sqlite3 was built against the previous Node binary.
			await fsp.rm(paths.n8nMarker, { force: true });
		}
		if (force || !(await isN8nInstalled(paths))) await installN8n(paths, log);
	});
	return paths;
}

/** Same as ensureN8nInstalled but never installs: throws when the runtime is missing. */
export async function requireN8nInstalled({ cacheDir = getCacheDir() } = {}) {
	const paths = getRuntimePaths(cacheDir);
	if (!(await isNodeInstalled(paths)) || !(await isN8nInstalled(paths))) {
		throw new Error(
			`n8n runtime not installed in ${cacheDir}; run: node dev/n8nRuntime.mjs install`,
		);
	}
	return paths;
}

/** true when the cached runtime is complete (no install attempted). */
export async function isRuntimeInstalled({ cacheDir = getCacheDir() } = {}) {
	const paths = getRuntimePaths(cacheDir);
	return (await isNodeInstalled(paths)) && (await isN8nInstalled(paths));
}
