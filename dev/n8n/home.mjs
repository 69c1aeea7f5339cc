import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { installTarball } from './installTarball.mjs';
import { getRuntimePaths, N8N_VERSION } from './paths.mjs';
import { readJson } from './readJson.mjs';

const HOME_MANIFEST = 'wan-video-n8n-home.json';

function homeFromManifest(root, manifest, runtime) {
	const n8nFolder = path.join(root, '.n8n');
	const nodesDir = path.join(n8nFolder, 'nodes');
	return {
		root,
		n8nFolder,
		nodesDir,
		packageName: manifest.packageName ?? null,
		packageVersion: manifest.packageVersion ?? null,
		packageDir: manifest.packageName
			? path.join(nodesDir, 'node_modules', manifest.packageName)
			: null,
		storageDir: path.join(n8nFolder, 'storage'),
		logsDir: path.join(root, 'logs'),
		importDir: path.join(root, 'import'),
		encryptionKey: manifest.encryptionKey,
		brokerPort: manifest.brokerPort ?? null,
		runtime,
		seq: 0,
	};
}

/**
 * Creates a fresh n8n user folder (N8N_USER_FOLDER) and installs the package tarball into
 * it the way n8n's community-package installer does:
 *   $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>   (tarball contents, --strip-components=1,
 *                                                      dev/peer/optional dependencies removed)
 *   $N8N_USER_FOLDER/.n8n/nodes/package.json           ({ name: 'installed-nodes', dependencies: { <name>: <version> } })
 * @param {{ tarball?: string, dir?: string, encryptionKey?: string, brokerPort?: number, cacheDir?: string }} [options]
 */
export async function createN8nHome({ tarball, dir, encryptionKey, brokerPort, cacheDir } = {}) {
	const runtime = getRuntimePaths(cacheDir);
	const root = dir
		? path.resolve(dir)
		: await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-n8n-home-'));
	await fsp.mkdir(root, { recursive: true });
	const manifest = {
		createdAt: new Date().toISOString(),
		encryptionKey: encryptionKey ?? randomBytes(24).toString('hex'),
		brokerPort: brokerPort ?? null,
		n8nVersion: N8N_VERSION,
	};
	const home = homeFromManifest(root, manifest, runtime);
	await fsp.mkdir(home.nodesDir, { recursive: true });
	await fsp.mkdir(home.logsDir, { recursive: true });
	await fsp.mkdir(home.importDir, { recursive: true });
	if (tarball) {
		const pkg = await installTarball(home, tarball);
		manifest.packageName = pkg.name;
		manifest.packageVersion = pkg.version;
		Object.assign(home, homeFromManifest(root, manifest, runtime));
	}
	await fsp.writeFile(path.join(root, HOME_MANIFEST), JSON.stringify(manifest, null, 2));
	return home;
}

/** Re-opens a home made by createN8nHome (e.g. a persistent demo home). */
export async function openN8nHome(dir, { cacheDir } = {}) {
	const root = path.resolve(dir);
	const manifest = await readJson(path.join(root, HOME_MANIFEST));
	if (!manifest)
		throw new Error(`${root} is not an n8n home made by createN8nHome (no ${HOME_MANIFEST})`);
	return homeFromManifest(root, manifest, getRuntimePaths(cacheDir));
}

/** Deletes a home directory. */
export async function removeN8nHome(home) {
	await fsp.rm(home.root, { recursive: true, force: true, maxRetries: 3 });
}
