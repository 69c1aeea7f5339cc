// A throwaway n8n user folder with this package in it: packing the repository, installing
// the tarball the way n8n's Community Nodes installer does, and importing credentials and
// workflows.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { runN8n } from './n8nProcess.mjs';
import { getRuntimePaths, N8N_VERSION, REPO_ROOT } from './runtime.mjs';
import { logProgress, npmCommand, npmEnv, readJson, run, writeJson } from './system.mjs';

const HOME_MANIFEST = 'wan-video-n8n-home.json';
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random 16-character id in n8n's style. */
export function randomN8nId(length = 16) {
	const bytes = randomBytes(length);
	return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

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
 * Installs a package tarball into the home's nodes folder the way n8n's community-package
 * installer does, and records it in the folder's package.json. Resolves the package.json.
 */
async function installTarball(home, tarball) {
	const staging = await fsp.mkdtemp(path.join(home.root, '.unpack-'));
	try {
		await run('tar', ['-xzf', path.resolve(tarball), '-C', staging, '--strip-components=1']);
		const packageJsonPath = path.join(staging, 'package.json');
		// Same clean-up as n8n's installer: drop dev, peer and optional dependencies.
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
			await fsp.readFile(packageJsonPath, 'utf8'),
		);
		await writeJson(packageJsonPath, packageJson);
		const target = path.join(home.nodesDir, 'node_modules', packageJson.name);
		await fsp.mkdir(path.dirname(target), { recursive: true });
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.rename(staging, target);
		if (packageJson.dependencies && Object.keys(packageJson.dependencies).length > 0) {
			// Same flags as the installer. Only runs when the package has runtime dependencies.
			await run(
				npmCommand(),
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: target, env: npmEnv() },
			);
		}
		const ledgerPath = path.join(home.nodesDir, 'package.json');
		const ledger = (await readJson(ledgerPath)) ?? {
			name: 'installed-nodes',
			private: true,
			dependencies: {},
		};
		ledger.dependencies = {
			...(ledger.dependencies ?? {}),
			[packageJson.name]: packageJson.version,
		};
		await writeJson(ledgerPath, ledger);
		return packageJson;
	} finally {
		await fsp.rm(staging, { recursive: true, force: true });
	}
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
	await writeJson(path.join(root, HOME_MANIFEST), manifest);
	return home;
}

/** Re-opens a home made by createN8nHome (e.g. a persistent demo home). */
export async function openN8nHome(dir, { cacheDir } = {}) {
	const root = path.resolve(dir);
	const manifest = await readJson(path.join(root, HOME_MANIFEST));
	if (!manifest)
		throw new Error(`${root} is not an n8n home made by createN8nHome (no ${HOME_MANIFEST})`);
	if (manifest.n8nVersion !== N8N_VERSION)
		throw new Error(
			`${root} was made for n8n ${manifest.n8nVersion}; WAN_VIDEO_N8N_LINE now selects ${N8N_VERSION}`,
		);
	return homeFromManifest(root, manifest, getRuntimePaths(cacheDir));
}

/** Deletes a home directory. */
export async function removeN8nHome(home) {
	await fsp.rm(home.root, { recursive: true, force: true, maxRetries: 3 });
}

async function writeImportFile(home, prefix, content) {
	const file = path.join(home.importDir, `${prefix}-${Date.now()}-${randomN8nId(6)}.json`);
	await writeJson(file, content);
	return file;
}

/** Runs `n8n <command> --input=<file>`; throws unless n8n's log reports a successful import. */
async function runImport(home, command, file) {
	const result = await runN8n(home, [command, `--input=${file}`], { allowFailure: false });
	if (!result.logs.some((entry) => /Successfully imported/.test(entry.message))) {
		throw Object.assign(
			new Error(
				`${command} did not report success:\n${result.logs.map((e) => e.message).join('\n')}`,
			),
			result,
		);
	}
}

/**
 * Imports credentials with `n8n import:credentials`. Plain `data` objects are encrypted
 * with the home's key on import. Missing ids and names are filled in.
 * @param {object} home
 * @param {Array<{ id?: string, name?: string, type: string, data: object }>} credentials
 * @returns {Promise<Array<{ id: string, name: string, type: string }>>}
 */
export async function importCredentials(home, credentials) {
	const list = credentials.map((credential, index) => ({
		...credential,
		id: credential.id ?? randomN8nId(),
		name: credential.name ?? `${credential.type} ${index + 1}`,
	}));
	const file = await writeImportFile(home, 'credentials', list);
	await runImport(home, 'import:credentials', file);
	return list.map(({ id, name, type }) => ({ id, name, type }));
}

/**
 * Imports one workflow (or an array) with `n8n import:workflow`. Fills in id, name,
 * active: false, settings.executionOrder 'v1' and empty connections when missing.
 * @returns {Promise<{ id: string, name: string }>} (an array when given an array)
 */
export async function importWorkflow(home, workflowJson) {
	const many = Array.isArray(workflowJson);
	const list = (many ? workflowJson : [workflowJson]).map((workflow, index) => ({
		name: `Workflow ${index + 1}`,
		active: false,
		connections: {},
		settings: { executionOrder: 'v1' },
		...workflow,
		id: workflow.id ?? randomN8nId(),
	}));
	const file = await writeImportFile(home, 'workflow', many ? list : list[0]);
	await runImport(home, 'import:workflow', file);
	const ids = list.map(({ id, name }) => ({ id, name }));
	return many ? ids : ids[0];
}

// Runs under the line's Node binary with n8n's node_modules on NODE_PATH (sqlite3, n8n-workflow).
const REGISTER_PACKAGE_SCRIPT = `
const [dbFile, packageDir] = process.argv.slice(1);
const path = require('path');
const sqlite3 = require('sqlite3');
const pkg = require(path.join(packageDir, 'package.json'));
const nodes = [];
for (const rel of (pkg.n8n && pkg.n8n.nodes) || []) {
	const mod = require(path.join(packageDir, rel));
	for (const Exported of Object.values(mod)) {
		if (typeof Exported !== 'function') continue;
		const instance = new Exported();
		const description = instance.description || (instance.nodeVersions && instance.nodeVersions[instance.currentVersion].description);
		if (!description || !description.name) continue;
		const version = instance.currentVersion || (Array.isArray(description.version) ? Math.max(...description.version) : description.version);
		nodes.push({ name: description.displayName, type: pkg.name + '.' + description.name, version });
	}
}
const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
const db = new sqlite3.Database(dbFile);
db.configure('busyTimeout', 10000);
const author = pkg.author || {};
db.serialize(() => {
	db.run('BEGIN');
	db.run('DELETE FROM installed_nodes WHERE package = ?', [pkg.name]);
	db.run('DELETE FROM installed_packages WHERE packageName = ?', [pkg.name]);
	db.run('INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)',
		[pkg.name, pkg.version, author.name || null, author.email || null, now, now]);
	for (const node of nodes) db.run('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)', [node.name, node.type, node.version, pkg.name]);
	db.run('COMMIT', (error) => {
		if (error) { console.error(error.message); process.exit(1); }
		console.log(JSON.stringify({ packageName: pkg.name, version: pkg.version, nodes }));
		db.close();
	});
});
`;
/**
 * Adds the installed package to n8n's database (installed_packages / installed_nodes), the
 * last step of n8n's community-package installer. Loading the node does not need it; the
 * editor's Settings > Community nodes page lists only registered packages. Runs the DB
 * migrations first when the home has no database yet. Call it while no n8n process of the
 * home is running.
 * @returns {Promise<{ packageName: string, version: string, nodes: Array<{ name: string, type: string, version: number }> }>}
 */
export async function registerInstalledPackage(home) {
	if (!home.packageDir)
		throw new Error('this home has no package installed (createN8nHome({ tarball }))');
	const dbFile = path.join(home.n8nFolder, 'database.sqlite');
	if (!fs.existsSync(dbFile)) await runN8n(home, ['list:workflow'], { allowFailure: false });
	const { stdout } = await run(
		home.runtime.nodeBin,
		['-e', REGISTER_PACKAGE_SCRIPT, dbFile, home.packageDir],
		{
			cwd: home.root,
			env: {
				...process.env,
				NODE_PATH: path.join(home.runtime.n8nDir, 'node_modules'),
				NODE_OPTIONS: '',
			},
		},
	);
	return JSON.parse(stdout.trim().split('\n').pop());
}
