import fs from 'node:fs';
import path from 'node:path';

import { findFreePort, run } from '../n8nRuntime.mjs';
import { spawnGroup } from './processGroup.mjs';
import { waitFor } from './waitFor.mjs';

const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * Makes sure Debian's redis-server is installed: `apt-get install` (after one
 * `apt-get update` when the package lists do not know it yet). Needs root when missing.
 */
export async function ensureRedisInstalled({ log = () => {} } = {}) {
	if (fs.existsSync(REDIS_SERVER)) return REDIS_SERVER;
	if (process.getuid() !== 0)
		throw new Error('redis-server is missing; install it with: sudo apt-get install redis-server');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
			env,
			allowFailure: true,
			timeoutMs: 10 * 60_000,
		});
	const t0 = Date.now();
	log('installing redis-server (apt-get)');
	let result = await install();
	if (result.code !== 0) {
		await run('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
		result = await install();
	}
	if (result.code !== 0 || !fs.existsSync(REDIS_SERVER))
		throw new Error(`apt-get install redis-server failed:\n${result.stderr.slice(-2000)}`);
	log(`redis-server installed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	return REDIS_SERVER;
}

/**
 * Starts a throwaway Redis on 127.0.0.1 on a free port: no persistence, no config file.
 * @returns {Promise<{ host: string, port: number, stop: () => Promise<void>, process: object }>}
 */
export async function startRedis({ runDir, log = () => {} }) {
	const port = await findFreePort();
	const outputFile = path.join(runDir, 'redis.log');
	const redis = spawnGroup(
		'redis',
		REDIS_SERVER,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			runDir,
			'--daemonize',
			'no',
		],
		{ cwd: runDir, outputFile, env: process.env },
	);
	await waitFor(
		async () => {
			if (!redis.isRunning()) throw new Error(`redis-server exited; see ${outputFile}`);
			return fs.readFileSync(outputFile, 'utf8').includes('Ready to accept connections');
		},
		{ timeoutMs: 30_000, what: 'Redis to accept connections' },
	);
	log(`Redis on 127.0.0.1:${port}`);
	return { host: '127.0.0.1', port, process: redis, stop: () => redis.stop({ timeoutMs: 10_000 }) };
}
