import fsp from 'node:fs/promises';
import path from 'node:path';

import { run } from '../n8nRuntime.mjs';

// Loads the package's nodes the way n8n does (Node 24, n8n's node_modules on NODE_PATH)
// and prints what n8n's installer records for each: display name, type, version.
const DESCRIBE_NODES_SCRIPT = `
const path = require('path');
const packageDir = process.argv[1];
const pkg = require(path.join(packageDir, 'package.json'));
const nodes = [];
for (const rel of (pkg.n8n && pkg.n8n.nodes) || []) {
	for (const Exported of Object.values(require(path.join(packageDir, rel)))) {
		if (typeof Exported !== 'function') continue;
		const instance = new Exported();
		const description = instance.description || (instance.nodeVersions && instance.nodeVersions[instance.currentVersion].description);
		if (!description || !description.name) continue;
		const version = instance.currentVersion || (Array.isArray(description.version) ? Math.max(...description.version) : description.version);
		nodes.push({ name: description.displayName, type: pkg.name + '.' + description.name, version });
	}
}
console.log(JSON.stringify(nodes));
`;

/**
 * What n8n's Community Nodes installer writes to the database for the package installed in
 * `home`: { packageName, version, author, nodes: [{ name, type, version }] }.
 */
export async function describeInstalledPackage(home) {
	const pkg = JSON.parse(await fsp.readFile(path.join(home.packageDir, 'package.json'), 'utf8'));
	const { stdout } = await run(
		home.runtime.nodeBin,
		['-e', DESCRIBE_NODES_SCRIPT, home.packageDir],
		{
			cwd: home.root,
			env: {
				...process.env,
				NODE_PATH: path.join(home.runtime.n8nDir, 'node_modules'),
				NODE_OPTIONS: '',
			},
		},
	);
	return {
		packageName: pkg.name,
		version: pkg.version,
		author: pkg.author,
		nodes: JSON.parse(stdout.trim().split('\n').pop()),
	};
}
