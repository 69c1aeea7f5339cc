import fsp from 'node:fs/promises';
import path from 'node:path';

import { readN8nVersion } from './n8nVersion.mjs';
import { npmCommand, npmEnv } from './npm.mjs';
import { N8N_VERSION, NODE_VERSION } from './paths.mjs';
import { run } from './process.mjs';

/** Installs the pinned n8n into the cache, with sqlite3 built for the cached Node binary. */
export async function installN8n(paths, log) {
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
	const version = await readN8nVersion(paths, { cwd: paths.n8nDir, timeoutMs: 120_000 });
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
