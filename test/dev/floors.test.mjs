// Imports run one way. Inside the node a file may import from its own floor or the floors below,
// never from a floor above; and the dev/ tooling imports nothing from test/ or scripts/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE_DIR = 'nodes/WanVideo';

/** The node's floors, bottom (floor 1) first; a folder name stands for everything inside it. */
const FLOORS = [
	['models', 'shared'],
	['transport', 'polling', 'schema', 'output', 'options'],
	['actions'],
	['description.ts'],
	['WanVideo.node.ts'],
];

/** The floor (from 1) of a file given relative to nodes/WanVideo, or undefined when it has none. */
function floorOf(nodeRelativePath) {
	const [room] = nodeRelativePath.split('/');
	const floor = FLOORS.findIndex((rooms) => rooms.includes(room));
	return floor === -1 ? undefined : floor + 1;
}

function filesUnder(directory, extensions) {
	const absolute = path.join(ROOT, directory);
	if (!fs.existsSync(absolute)) return [];
	return fs
		.readdirSync(absolute, { recursive: true })
		.map((file) => path.join(directory, String(file)).split(path.sep).join('/'))
		.filter((file) => extensions.some((extension) => file.endsWith(extension)));
}

/** Every module specifier a file names: static and dynamic imports, re-exports and require(). */
function importsOf(source) {
	const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
	return [...source.matchAll(pattern)].map((match) => match[2]);
}

/** The repository path an import resolves to, or undefined for a package import. */
function resolveImport(fromFile, specifier) {
	if (!specifier.startsWith('.')) return undefined;
	return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
}

function withTsExtension(repoPath) {
	return /\.[cm]?[jt]s$/.test(repoPath) ? repoPath : `${repoPath}.ts`;
}

/** One line per import in `file` (a path under nodes/WanVideo) that climbs a floor or leaves the node. */
export function floorViolations(file, source) {
	const fromFloor = floorOf(path.posix.relative(NODE_DIR, file));
	if (fromFloor === undefined) return [`${file} sits on no floor: add its folder to FLOORS`];
	return importsOf(source).flatMap((specifier) => {
		const target = resolveImport(file, specifier);
		if (target === undefined) return [];
		const inNode = path.posix.relative(NODE_DIR, target);
		if (inNode.startsWith('..'))
			return [`${file} imports '${specifier}', which is outside ${NODE_DIR}`];
		const toFloor = floorOf(withTsExtension(inNode));
		if (toFloor === undefined) return [`${file} imports '${specifier}', which sits on no floor`];
		return toFloor > fromFloor
			? [`${file} imports '${specifier}': floor ${toFloor} from floor ${fromFloor}`]
			: [];
	});
}

/** One line per import in a dev/ file that reaches into test/ or scripts/. */
export function devViolations(file, source) {
	return importsOf(source).flatMap((specifier) => {
		const target = resolveImport(file, specifier);
		if (target === undefined) return [];
		return /^(test|scripts)(\/|$)/.test(target)
			? [`${file} imports '${specifier}', which is in ${target.split('/')[0]}/`]
			: [];
	});
}

const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('import floors', () => {
	it('no file of the node imports from a floor above its own', () => {
		const files = filesUnder(NODE_DIR, ['.ts']);
		expect(files.length).toBeGreaterThan(30);
		expect(files.flatMap((file) => floorViolations(file, read(file)))).toEqual([]);
	});

	it('nothing in dev/ imports from test/ or scripts/', () => {
		const files = filesUnder('dev', ['.ts', '.mjs', '.js', '.cjs']);
		expect(files.length).toBeGreaterThan(10);
		expect(files.flatMap((file) => devViolations(file, read(file)))).toEqual([]);
	});

	it('names the import that climbs, and the one that reaches into test/', () => {
		expect(
			floorViolations(
				`${NODE_DIR}/output/toToolResult.ts`,
				"import type { ItemOutcome } from '../actions/outcome';\nimport { sleep } from 'n8n-workflow';",
			),
		).toEqual([
			`${NODE_DIR}/output/toToolResult.ts imports '../actions/outcome': floor 3 from floor 2`,
		]);
		expect(floorViolations(`${NODE_DIR}/models/catalog.ts`, "import './types';")).toEqual([]);
		expect(
			devViolations('dev/harness/engine.mjs', "const x = await import('../../test/unit/x.mjs');"),
		).toEqual([`dev/harness/engine.mjs imports '../../test/unit/x.mjs', which is in test/`]);
	});
});
