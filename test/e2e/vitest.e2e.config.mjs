// End-to-end tests: the packed package installed into a real n8n (see dev/n8nRuntime.mjs),
// workflows run with `n8n execute` against the local AIML API simulator.
//
//   npm run test:e2e
//
// The first run installs Node 24 and n8n into a cache outside the repository (a few
// minutes); later runs reuse it.
//   WAN_VIDEO_E2E_KEEP_HOME=1    keep the n8n home (database, logs, binary data) for a look
//   WAN_VIDEO_E2E_SKIP_BUILD=1   pack the current dist/ without building
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default defineConfig({
	root: REPO_ROOT,
	test: {
		include: ['test/e2e/**/*.e2e.test.mjs'],
		environment: 'node',
		// Installs the runtime, builds and packs the package, starts the simulator, makes the n8n home.
		globalSetup: ['test/e2e/globalSetup.mjs'],
		// One n8n home and one simulator: files run one after the other, tests in order.
		fileParallelism: false,
		maxWorkers: 1,
		sequence: { concurrent: false, shuffle: false },
		pool: 'forks',
		testTimeout: 120_000,
		hookTimeout: 300_000,
		teardownTimeout: 60_000,
		reporters: ['default'],
	},
});
