/**
 * Global setup of the end-to-end tests, run once in the main vitest process:
 *   1. installs (or finds in the cache) the n8n line chosen by WAN_VIDEO_N8N_LINE and its Node,
 *   2. builds and packs this package once, and checks the tarball holds the node,
 *   3. starts one AIML API simulator with a short generation time,
 *   4. creates one n8n home with the package installed as n8n's installer does, and
 *      imports the credentials every test uses.
 * The test files read all of it with inject('e2e').
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

import {
	createN8nHome,
	ensureN8nInstalled,
	importCredentials,
	N8N_VERSION,
	NODE_VERSION,
	packPackage,
	removeN8nHome,
} from '../../dev/n8nRuntime.mjs';
import { CREDENTIAL_TYPE, EXAMPLE_CREDENTIAL_NAME } from '../../dev/examples.mjs';
import { startSimulator } from '../../dev/simulator/aimlApiSimulator.mjs';

export const SIM_LATENCY_MS = 1000;

const REQUIRED_FILES = [
	'dist/nodes/WanVideo/WanVideo.node.js',
	'dist/nodes/WanVideo/WanVideo.node.json',
	'dist/credentials/AimlApiWanVideoApi.credentials.js',
	'package.json',
];

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/**
 * Builds and packs. Packs again when the build failed or the tarball lacks the node, which
 * happens when another build (which empties dist/ first) runs at the same moment.
 */
async function packChecked() {
	const build = process.env.WAN_VIDEO_E2E_SKIP_BUILD !== '1';
	let problem = '';
	for (let attempt = 1; attempt <= 3; attempt++) {
		if (attempt > 1) {
			log(`${problem}; building and packing again`);
			await new Promise((resolve) => setTimeout(resolve, 3000));
		}
		let pack;
		try {
			pack = await packPackage({ build, log });
		} catch (error) {
			problem = `build or pack failed: ${error.message.split('\n')[0]}`;
			continue;
		}
		const missing = REQUIRED_FILES.filter((file) => !pack.files.includes(file));
		if (missing.length === 0) return pack;
		problem = `the tarball lacks ${missing.join(', ')}`;
		await fs.rm(pack.dir, { recursive: true, force: true });
	}
	throw new Error(`could not pack the package: ${problem}`);
}

export default async function setup(project) {
	const t0 = Date.now();
	const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	await ensureN8nInstalled({ log });
	log(`n8n ${N8N_VERSION} on Node ${NODE_VERSION} ready (${seconds()})`);
	const pack = await packChecked();
	log(`packed ${pack.name}@${pack.version} (${seconds()})`);

	const sim = await startSimulator({ latencyMs: SIM_LATENCY_MS });
	const home = await createN8nHome({ tarball: pack.tarball });
	const teardown = async () => {
		await sim.close();
		if (process.env.WAN_VIDEO_E2E_KEEP_HOME === '1') log(`kept the n8n home ${home.root}`);
		else await removeN8nHome(home);
		await fs.rm(pack.dir, { recursive: true, force: true });
	};
	const wrongKey = `e2e-wrong-key-${randomBytes(12).toString('hex')}`;
	try {
		await importCredentials(home, [
			{
				id: 'wanE2eSimulator1',
				name: 'AIML API (simulator)',
				type: CREDENTIAL_TYPE,
				data: { apiKey: 'sim-key', baseUrl: sim.url },
			},
			{
				id: 'wanE2eWrongKey01',
				name: 'AIML API (wrong key)',
				type: CREDENTIAL_TYPE,
				data: { apiKey: wrongKey, baseUrl: sim.url },
			},
			// The examples reference their credential by type and this name only.
			{
				id: 'wanE2eExamples01',
				name: EXAMPLE_CREDENTIAL_NAME,
				type: CREDENTIAL_TYPE,
				data: { apiKey: 'sim-key', baseUrl: sim.url },
			},
		]);
	} catch (error) {
		await teardown();
		throw error;
	}
	log(`simulator ${sim.url}, n8n home ${home.root} (${seconds()})`);

	project.provide('e2e', {
		simUrl: sim.url,
		simLatencyMs: SIM_LATENCY_MS,
		homeDir: home.root,
		wrongKey,
		tarball: pack.tarball,
	});

	return teardown;
}
