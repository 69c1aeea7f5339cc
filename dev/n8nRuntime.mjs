#!/usr/bin/env node
// Pinned n8n runtimes for end-to-end tests, screenshots and demos, one per n8n line
// (WAN_VIDEO_N8N_LINE=1: n8n 1.123 on the Node running this; 2, the default: n8n 2.41 on Node 24).
//
// Installs (once, outside the repository) the line's Node and n8n, and offers helpers to pack
// this package, install it into a throwaway n8n home the way n8n's community-package
// installer does, import credentials and workflows, execute workflows from the CLI and
// start the editor. The parts live in dev/n8n/: runtime (lines, paths, install), home,
// n8nProcess (running n8n), results (run data, binary data), system.
//
// CLI:
//   node dev/n8nRuntime.mjs install          install (or verify) the line's cached runtime
//   node dev/n8nRuntime.mjs paths            print the runtime paths as JSON
//   node dev/n8nRuntime.mjs version          print `n8n --version`

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	ensureN8nInstalled,
	getRuntimePaths,
	isRuntimeInstalled,
	readN8nVersion,
	requireN8nInstalled,
} from './n8n/runtime.mjs';
import { terminateActiveChildren } from './n8n/system.mjs';

export {
	DEFAULT_N8N_LINE,
	ensureN8nInstalled,
	getCacheDir,
	getRuntimePaths,
	isRuntimeInstalled,
	N8N_LINE,
	N8N_LINE_NAMES,
	N8N_VERSION,
	n8nBaseEnv,
	NODE_PACKAGE,
	NODE_VERSION,
	PACKAGE_NAME,
	REPO_ROOT,
	requireN8nInstalled,
} from './n8n/runtime.mjs';
export { findFreePort, run } from './n8n/system.mjs';
export {
	createN8nHome,
	importCredentials,
	importWorkflow,
	openN8nHome,
	packPackage,
	randomN8nId,
	registerInstalledPackage,
	removeN8nHome,
} from './n8n/home.mjs';
export { executeWorkflow, n8nEnv, readN8nLog, runN8n, startEditor } from './n8n/n8nProcess.mjs';
export {
	extractRunData,
	getNodeError,
	getNodeOutput,
	readBinaryData,
	resolveBinaryDataPath,
} from './n8n/results.mjs';

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

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
		console.log(await readN8nVersion(await requireN8nInstalled()));
		return;
	}
	console.error('Usage: node dev/n8nRuntime.mjs [install [--force] | paths | version]');
	process.exitCode = 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	// An interrupted install must not leave npm running in the cache: the next run starts over.
	for (const [signal, exitCode] of Object.entries(SIGNAL_EXIT_CODES)) {
		process.on(signal, () => {
			terminateActiveChildren();
			process.exit(exitCode);
		});
	}
	main(process.argv.slice(2)).catch((error) => {
		console.error(error.stack ?? error.message);
		process.exit(1);
	});
}
