import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { readJson } from './readJson.mjs';

const STALE_OWNERLESS_LOCK_MS = 60_000;
const GIVE_UP_AFTER_MS = 30 * 60_000;
const RETRY_INTERVAL_MS = 2000;

function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Cross-process install lock (mkdir is atomic). Stale locks of dead processes are taken over. */
export async function withInstallLock(paths, log, fn) {
	await fsp.mkdir(paths.cacheDir, { recursive: true });
	const ownerFile = path.join(paths.lockDir, 'owner.json');
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			await fsp.mkdir(paths.lockDir);
			await fsp.writeFile(
				ownerFile,
				JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }),
			);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const owner = await readJson(ownerFile);
			// Without an owner file the holder may still be between mkdir and writeFile: give it a minute.
			const stale =
				(owner && owner.host === os.hostname() && !isProcessAlive(owner.pid)) ||
				(!owner &&
					Date.now() - (await fsp.stat(paths.lockDir).catch(() => ({ mtimeMs: 0 }))).mtimeMs >
						STALE_OWNERLESS_LOCK_MS);
			if (stale) {
				log(`removing stale install lock ${paths.lockDir}`);
				await fsp.rm(paths.lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another install (pid ${owner?.pid ?? '?'}) to finish`);
				announced = true;
			}
			if (Date.now() - started > GIVE_UP_AFTER_MS)
				throw new Error(`install lock ${paths.lockDir} held for over 30 minutes`);
			await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
		}
	}
	try {
		return await fn();
	} finally {
		await fsp.rm(paths.lockDir, { recursive: true, force: true });
	}
}
