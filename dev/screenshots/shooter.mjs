import fsp from 'node:fs/promises';
import path from 'node:path';

import { REPO_ROOT } from '../n8nRuntime.mjs';
import { dismissToasts, growViewportToFit } from './editorActions.mjs';
import { log } from './log.mjs';

/**
 * Every screenshot, in order. The number prefix is fixed per name, so README links stay valid
 * whichever scenes run; anything not listed (error pictures) gets 99.
 */
const SHOTS = [
	'picker-search-wan',
	'picker-search-video',
	'picker-search-aiml',
	'picker-browse-ai-miscellaneous',
	'picker-node-actions',
	'credential',
	'text-to-video',
	'operation-list',
	'text-to-video-option-list',
	'text-to-video-options',
	'image-to-video',
	'image-to-video-model-list',
	'image-to-video-flash',
	'image-to-video-binary',
	'reference-to-video',
	'get-generation',
	'canvas-get-generation-outputs',
	'execution-canvas',
	'execution-output-json',
	'execution-output-binary',
	'reference-to-video-model-list',
	'wan-3-reference-to-video',
	'wan-3-image-to-video',
];

/** Creates `outDir` and removes the screenshots of an earlier run from it. */
export async function prepareOutputFolder(outDir) {
	await fsp.mkdir(outDir, { recursive: true });
	for (const file of await fsp.readdir(outDir)) {
		if (/^\d\d-[a-z0-9-]+\.png$/.test(file)) await fsp.rm(path.join(outDir, file));
	}
}

export function createShooter(outDir) {
	const files = [];
	return {
		files,
		/** Screenshot of the page, named NN-<name>.png; `fullHeightOf` grows the viewport to fit that element's scroll area. */
		async take(page, name, { fullHeightOf } = {}) {
			const index = SHOTS.indexOf(name);
			const prefix = String(index >= 0 ? index + 1 : 99).padStart(2, '0');
			const file = path.join(outDir, `${prefix}-${name}.png`);
			await dismissToasts(page);
			// Park the pointer on an empty spot (canvas or the NDV input pane): no hover states.
			await page.mouse.move(300, page.viewportSize().height - 150);
			const restore = fullHeightOf ? await growViewportToFit(page, fullHeightOf) : undefined;
			await page.waitForTimeout(250);
			await page.screenshot({ path: file });
			if (restore) await restore();
			files.push(file);
			log(`saved ${path.relative(REPO_ROOT, file)}`);
			return file;
		},
	};
}
