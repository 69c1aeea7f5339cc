import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { logProgress } from './log.mjs';
import { npmCommand, npmEnv } from './npm.mjs';
import { REPO_ROOT } from './paths.mjs';
import { run } from './process.mjs';

/**
 * Builds (unless build: false) and packs the repository with `npm pack`.
 * @param {{ repoDir?: string, build?: boolean, outDir?: string, log?: (msg: string) => void }} [options]
 * @returns {Promise<{ tarball: string, dir: string, name: string, version: string, files: string[] }>}
 */
export async function packPackage({
	repoDir = REPO_ROOT,
	build = true,
	outDir,
	log = logProgress,
} = {}) {
	if (build) {
		const t0 = Date.now();
		await run(npmCommand(), ['run', 'build'], { cwd: repoDir, env: npmEnv() });
		log(`npm run build done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	}
	const dir = outDir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-pack-')));
	await fsp.mkdir(dir, { recursive: true });
	const { stdout } = await run(npmCommand(), ['pack', '--json', '--pack-destination', dir], {
		cwd: repoDir,
		env: npmEnv(),
	});
	const info = JSON.parse(stdout.slice(stdout.indexOf('[')))[0];
	return {
		tarball: path.join(dir, info.filename),
		dir,
		name: info.name,
		version: info.version,
		files: info.files.map((file) => file.path),
	};
}
