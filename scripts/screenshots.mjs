#!/usr/bin/env node
// Editor screenshots of the Wan Video node in a real n8n, with UI assertions.
//
// Packs this package, installs it into a throwaway n8n home as a community package, starts
// the n8n editor and the local AIML API simulator, then drives Chromium through the node
// picker, every operation's parameter panel and one executed workflow. PNGs land in one
// folder; the process exits non-zero when any assertion fails.
//
//   npm run screenshots                      -> screenshots/ (git-ignored)
//   npm run screenshots -- --docs            -> docs/screenshots/ (for the README)
//   npm run screenshots -- --out <dir>       -> any folder (or WAN_VIDEO_SCREENSHOTS_DIR)
//   options: --no-build (pack the current dist/), --keep (keep the n8n home for debugging)
//
// Needs: /usr/bin/chromium (installed with apt-get when missing) and playwright-core
// (installed into the runtime cache, outside the repository, when missing).
//
// The parts live in dev/screenshots/; the scenes themselves in dev/screenshots/scenes/.

import { randomUUID } from 'node:crypto';
import fsp from 'node:fs/promises';

import {
	createN8nHome,
	ensureN8nInstalled,
	importCredentials,
	importWorkflow,
	packPackage,
	removeN8nHome,
	startEditor,
} from '../dev/n8nRuntime.mjs';
import { launchBrowser, loadChromium } from '../dev/screenshots/browser.mjs';
import { log } from '../dev/screenshots/log.mjs';
import { loadNodeHints } from '../dev/screenshots/nodeHints.mjs';
import { parseArgs } from '../dev/screenshots/options.mjs';
import { OWNER, logInOwner } from '../dev/screenshots/owner.mjs';
import { runScenes } from '../dev/screenshots/runScenes.mjs';
import { createShooter, prepareOutputFolder } from '../dev/screenshots/shooter.mjs';
import { createCleanups, stopOnSignalOrTimeout } from '../dev/screenshots/shutdown.mjs';
import { printSummary } from '../dev/screenshots/summary.mjs';
import {
	EXAMPLE_WORKFLOW,
	STARTER_WORKFLOW,
	simulatorCredential,
} from '../dev/screenshots/workflows.mjs';
import { startSimulator } from '../dev/simulator/aimlApiSimulator.mjs';

const OVERALL_TIMEOUT_MS = 10 * 60_000;
const SIMULATOR_LATENCY_MS = 4000;

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const cleanups = createCleanups();
	const cancelTimeout = stopOnSignalOrTimeout(cleanups, OVERALL_TIMEOUT_MS);
	const shooter = createShooter(options.out);
	let fatal;
	try {
		await prepareOutputFolder(options.out);

		const [chromium] = await Promise.all([
			loadChromium(),
			ensureN8nInstalled({ log: (message) => log(message) }),
		]);
		log('runtime ready');

		const simulator = await startSimulator({ latencyMs: SIMULATOR_LATENCY_MS });
		cleanups.add(() => simulator.close());
		log(`simulator on ${simulator.url} (generations take ${SIMULATOR_LATENCY_MS / 1000} s)`);

		const pack = await packPackage({ build: options.build, log: (message) => log(message) });
		cleanups.add(() => fsp.rm(pack.dir, { recursive: true, force: true }));
		const home = await createN8nHome({ tarball: pack.tarball });
		if (!options.keep) cleanups.add(() => removeN8nHome(home));
		log(`n8n home ${home.root} with ${pack.name}@${pack.version}`);

		await importCredentials(home, [simulatorCredential(simulator.url)]);
		await importWorkflow(home, [STARTER_WORKFLOW, EXAMPLE_WORKFLOW]);
		log('credential and workflows imported');

		const editor = await startEditor(home);
		cleanups.add(() => editor.stop());
		log(`n8n editor on ${editor.url}`);
		await editor.setupOwner(OWNER);
		const browserId = randomUUID();
		const cookie = await logInOwner(editor.url, browserId);
		log('owner set up and logged in');

		const { context, page } = await launchBrowser(
			chromium,
			{ editorUrl: editor.url, cookie, browserId },
			cleanups.add,
		);
		await runScenes({
			page,
			context,
			shooter,
			editorUrl: editor.url,
			simulator,
			hints: loadNodeHints(home.packageDir),
		});
		if (options.keep) log(`kept n8n home ${home.root} (logs in ${home.logsDir})`);
	} catch (error) {
		fatal = error;
	} finally {
		cancelTimeout();
		await cleanups.runAll();
	}

	const ok = printSummary({ files: shooter.files, outDir: options.out, fatal });
	process.exit(ok ? 0 : 1);
}

await main();
