'use strict';

// The classic starter's icon task, for people who build with `tsc && gulp build:icons`.
// `n8n-node build` copies icons itself and does not use this file.
// Works as a gulp task and on its own: `node gulpfile.js`.
const fs = require('node:fs');
const path = require('node:path');

const ICON_FOLDERS = ['nodes', 'credentials'];
const ICON_FILE = /\.(svg|png)$/i;

function listIcons(folder) {
	if (!fs.existsSync(folder)) return [];
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const entryPath = path.join(folder, entry.name);
		if (entry.isDirectory()) return listIcons(entryPath);
		return ICON_FILE.test(entry.name) ? [entryPath] : [];
	});
}

async function buildIcons() {
	const root = __dirname;
	const icons = ICON_FOLDERS.flatMap((folder) => listIcons(path.join(root, folder)));
	for (const icon of icons) {
		const target = path.join(root, 'dist', path.relative(root, icon));
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(icon, target);
	}
	return icons.length;
}

exports['build:icons'] = buildIcons;
exports.default = buildIcons;

if (require.main === module) {
	buildIcons().then((count) => console.log(`Copied ${count} icons to dist/`));
}
