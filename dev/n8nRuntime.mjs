#!/usr/bin/env node
// Pinned n8n runtime for end-to-end tests, screenshots and demos.
//
// Installs (once, outside the repository) a Node 24 binary and n8n, and offers helpers
// to pack this package, install it into a throwaway n8n home the way n8n's
// community-package installer does, import credentials and workflows, execute
// workflows from the CLI and start the editor. The parts live in dev/n8n/.
//
// CLI:
//   node dev/n8nRuntime.mjs install          install (or verify) the cached runtime
//   node dev/n8nRuntime.mjs paths            print the runtime paths as JSON
//   node dev/n8nRuntime.mjs version          print `n8n --version`

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureN8nInstalled, isRuntimeInstalled, requireN8nInstalled } from './n8n/install.mjs';
import { readN8nVersion } from './n8n/n8nVersion.mjs';
import { getRuntimePaths } from './n8n/paths.mjs';
import { terminateActiveChildren } from './n8n/process.mjs';

export {
	getCacheDir,
	getRuntimePaths,
	N8N_VERSION,
	NODE_PACKAGE,
	NODE_VERSION,
	PACKAGE_NAME,
	REPO_ROOT,
} from './n8n/paths.mjs';
export { run } from './n8n/process.mjs';
export { ensureN8nInstalled, isRuntimeInstalled, requireN8nInstalled } from './n8n/install.mjs';
export { n8nBaseEnv, n8nEnv } from './n8n/env.mjs';
export { findFreePort } from './n8n/ports.mjs';
export { packPackage } from './n8n/package.mjs';
export { createN8nHome, openN8nHome, removeN8nHome } from './n8n/home.mjs';
export { registerInstalledPackage } from './n8n/registerInstalledPackage.mjs';
export { readN8nLog } from './n8n/n8nLog.mjs';
export { runN8n } from './n8n/runN8n.mjs';
export { randomN8nId } from './n8n/ids.mjs';
export { importCredentials, importWorkflow } from './n8n/import.mjs';
export { extractRunData, getNodeError, getNodeOutput } from './n8n/runData.mjs';
export { executeWorkflow } from './n8n/execute.mjs';
export { readBinaryData, resolveBinaryDataPath } from './n8n/binaryData.mjs';
export { startEditor } from './n8n/editor.mjs';

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
