import os from 'node:os';

import { run } from '../n8nRuntime.mjs';

/** The account the database runs as when this process is root (Postgres refuses to run as root). */
export const SERVICE_USER = 'n8n-wan-video-db';

async function lookupIds(name) {
	const uid = await run('id', ['-u', name], { allowFailure: true });
	if (uid.code !== 0) return undefined;
	const gid = await run('id', ['-g', name]);
	return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * { name, uid, gid } of the unprivileged account to run the database as: the current user
 * when that is not root; otherwise SERVICE_USER, created (a system account without login or
 * home) when missing.
 */
export async function ensureServiceUser() {
	if (process.getuid() !== 0) {
		const { username, uid, gid } = os.userInfo();
		return { name: username, uid, gid };
	}
	const existing = await lookupIds(SERVICE_USER);
	if (existing) return existing;
	await run('useradd', [
		'--system',
		'--no-create-home',
		'--home-dir',
		'/nonexistent',
		'--shell',
		'/usr/sbin/nologin',
		SERVICE_USER,
	]);
	return await lookupIds(SERVICE_USER);
}
