import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// `n8n-workflow` ships an ESM build (picked by `import`) and a CJS build (picked by
// `require`). n8n-core is CommonJS and loads the CJS build, so tests, the harness and
// the node code must load the same file, otherwise every class (NodeApiError,
// Workflow, ...) exists twice and `instanceof` checks fail. Pointing the bare
// specifier at the CJS build keeps one copy; `vi.mock('n8n-workflow', ...)` in a test
// still applies to the node code because the mock is registered for the same file.
const n8nWorkflowCjs = require.resolve('n8n-workflow');

export default defineConfig({
	resolve: {
		alias: [{ find: /^n8n-workflow$/, replacement: n8nWorkflowCjs }],
	},
	test: {
		include: ['test/**/*.test.{ts,mjs}'],
		exclude: ['test/e2e/**', '**/node_modules/**', '**/dist/**'],
		environment: 'node',
		// Throwaway n8n user folder (InstanceSettings, binary data) for the whole run.
		globalSetup: ['dev/harness/globalSetup.mjs'],
		// n8n-workflow's `sleep` returns at once in every test file.
		setupFiles: ['dev/harness/mockSleep.mjs'],
		// n8n-core is CommonJS and stays external (loaded by Node, not transformed): it
		// resolves `n8n-workflow` to the same CJS file as the alias above. Inlining it
		// would be slow and would create a second module graph.
		pool: 'forks',
		testTimeout: 10_000,
	},
});
