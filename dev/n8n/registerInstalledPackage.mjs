import fs from 'node:fs';
import path from 'node:path';

import { run } from './process.mjs';
import { runN8n } from './runN8n.mjs';

// Runs under the Node 24 binary with n8n's node_modules on NODE_PATH (sqlite3, n8n-workflow).
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
