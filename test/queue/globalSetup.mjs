/**
 * Runs once in the main vitest process: installs (or finds) the n8n runtime and packs the
 * package. The scenario file starts the services and n8n processes itself, because it
 * kills and restarts workers.
 */
import fs from 'node:fs/promises';

import { ensureN8nInstalled, packPackage } from '../../dev/n8nRuntime.mjs';

function log(message) {
	process.stderr.write(`[queue] ${message}\n`);
}

export default async function setup(project) {
	await ensureN8nInstalled({ log });
	const pack = await packPackage({ log });
	if (!pack.files.includes('dist/nodes/WanVideo/WanVideo.node.js'))
		throw new Error(`the tarball lacks the node: ${pack.files.join(', ')}`);
	project.provide('queueTarball', pack.tarball);
	return async () => {
		await fs.rm(pack.dir, { recursive: true, force: true });
	};
}
