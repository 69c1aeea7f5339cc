// n8n's community-package scanner (@n8n/scan-community-package), run offline the way n8n's
// verification runs it: its ESLint analysis, inline configuration ignored, once on the source
// files it reads from the repository and once on the packed tarball's JavaScript and
// package.json. Provenance and the downloads from npm and GitHub are what verification adds.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { packPackage } from '../n8n/home.mjs';
import { getCacheDir, REPO_ROOT, withInstallLock } from '../n8n/runtime.mjs';
import { logProgress, npmCommand, npmEnv, readJson, run, writeJson } from '../n8n/system.mjs';

export const SCANNER_PACKAGE = '@n8n/scan-community-package';
export const SCANNER_VERSION = '0.32.0';
/** The files of the published package the scanner lints (scanner.mjs, analyzePackageByName). */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const INSTALL_MARKER = '.install-complete.json';

async function scannerDependencies() {
	const { devDependencies } = JSON.parse(
		await fsp.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'),
	);
	return {
		[SCANNER_PACKAGE]: SCANNER_VERSION,
		// The scanner pins TypeScript 7, which @typescript-eslint cannot load: ours instead.
		typescript: devDependencies.typescript,
		// Its rules import n8n-workflow.
		'n8n-workflow': devDependencies['n8n-workflow'],
	};
}

/**
 * Installs the scanner into the runtime cache (outside the repository), once.
 * @returns {Promise<string>} the scanner's scanner.mjs
 */
export async function ensureScannerInstalled({ cacheDir = getCacheDir(), log = logProgress } = {}) {
	const dir = path.join(cacheDir, `scan-community-package-${SCANNER_VERSION}`);
	const entry = path.join(dir, 'node_modules', SCANNER_PACKAGE, 'scanner', 'scanner.mjs');
	const marker = path.join(dir, INSTALL_MARKER);
	const dependencies = await scannerDependencies();
	const installed = async () =>
		JSON.stringify((await readJson(marker))?.dependencies) === JSON.stringify(dependencies) &&
		fs.existsSync(entry);
	if (await installed()) return entry;
	await withInstallLock({ cacheDir, lockDir: `${dir}.lock` }, log, async () => {
		if (await installed()) return;
		log(`installing ${SCANNER_PACKAGE}@${SCANNER_VERSION} into ${dir}`);
		await fsp.rm(dir, { recursive: true, force: true });
		await fsp.mkdir(dir, { recursive: true });
		await writeJson(path.join(dir, 'package.json'), {
			name: 'wan-video-community-scanner',
			private: true,
			dependencies,
			overrides: { typescript: dependencies.typescript },
		});
		// --legacy-peer-deps: the TypeScript 7 pin clashes with @typescript-eslint's peer range.
		await run(
			npmCommand(),
			['install', '--ignore-scripts', '--legacy-peer-deps', '--no-package-lock', '--omit=dev'],
			{ cwd: dir, env: npmEnv() },
		);
		await writeJson(marker, { dependencies, installedAt: new Date().toISOString() });
	});
	return entry;
}

/**
 * The source files as verification gets them: GitHub's archive of the attested commit holds
 * the tracked files. Here: the files git tracks or would track (uncommitted edits included),
 * copied into a temporary folder; outside a git checkout, the folder itself.
 */
async function sourceTree(sourceDir) {
	const listing = await run(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{
			cwd: sourceDir,
			allowFailure: true,
		},
	);
	if (listing.code !== 0) return { dir: sourceDir, remove: async () => {} };
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-scan-source-'));
	for (const file of listing.stdout.split('\0').filter(Boolean)) {
		const from = path.join(sourceDir, file);
		if (!fs.existsSync(from)) continue;
		await fsp.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
		await fsp.copyFile(from, path.join(dir, file));
	}
	return { dir, remove: () => fsp.rm(dir, { recursive: true, force: true }) };
}

async function unpackTarball(tarball) {
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-scan-tarball-'));
	await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	return { dir, remove: () => fsp.rm(dir, { recursive: true, force: true }) };
}

/**
 * Scans the source tree and the packed tarball (packed from `sourceDir` unless `tarball` is given).
 * @returns {Promise<{ passed: boolean, legs: Array<{ name: string, passed: boolean, message?: string, details?: string }> }>}
 */
export async function scanPackage({
	sourceDir = REPO_ROOT,
	tarball,
	build = true,
	log = logProgress,
} = {}) {
	const scanner = await import(pathToFileURL(await ensureScannerInstalled({ log })).href);
	const pack = tarball ? undefined : await packPackage({ repoDir: sourceDir, build, log });
	const source = await sourceTree(sourceDir);
	const unpacked = await unpackTarball(tarball ?? pack.tarball);
	try {
		const legs = [
			{
				name: `source (${scanner.SOURCE_FILE_PATTERNS.join(', ')})`,
				...(await scanner.analyzePackage(source.dir, scanner.SOURCE_FILE_PATTERNS)),
			},
			{
				name: `tarball ${path.basename(tarball ?? pack.tarball)} (${TARBALL_FILE_PATTERNS.join(', ')})`,
				...(await scanner.analyzePackage(unpacked.dir, TARBALL_FILE_PATTERNS)),
			},
		].map(({ name, passed, message, details }) => ({
			name,
			passed,
			message,
			// Paths inside the temporary copies, shown as paths of the package.
			details: details
				?.split(source.dir + path.sep)
				.join('')
				.split(unpacked.dir + path.sep)
				.join('package/'),
		}));
		return { passed: legs.every((leg) => leg.passed), legs };
	} finally {
		await source.remove();
		await unpacked.remove();
		if (pack) await fsp.rm(pack.dir, { recursive: true, force: true });
	}
}
