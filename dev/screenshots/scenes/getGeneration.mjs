import { check, checkLabels, oneLine } from '../checks.mjs';
import {
	PARAMETER_PANEL,
	canvasNode,
	closeDropdowns,
	fillParameter,
	openAddOption,
	parametersText,
	selectParameterOption,
} from '../editorActions.mjs';
import { log } from '../log.mjs';
import { NODE_NAME } from '../workflows.mjs';

/** The Get Generation panel with Route by Status on, then the node's three outputs on the canvas. */
export async function sceneGetGeneration({ page, shooter }) {
	log('get generation');
	await selectParameterOption(page, 'operation', 'Get Generation');
	await page.locator('[data-test-id="parameter-input-generationId"]').waitFor({ state: 'visible' });
	let text = await parametersText(page);
	checkLabels(
		text,
		['Operation', 'Generation ID', 'Wait for Completion', 'Route by Status', 'Options'],
		'Get Generation panel',
		{ ordered: true },
	);
	check(!text.includes('Prompt'), 'Get Generation panel has no Prompt');
	check(!/Retry On Fail/.test(text), 'Get Generation panel has no Retry On Fail notice');
	await fillParameter(
		page,
		'generationId',
		'0f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f:alibaba/wan-2-6-t2v',
	);
	const optionLabels = await openAddOption(page);
	log(`Get Generation options (wait off): ${optionLabels.join(' | ')}`);
	await closeDropdowns(page);
	await page.locator('[data-test-id="parameter-input-routeByStatus"]').click();
	await page.waitForTimeout(300);
	await shooter.take(page, 'get-generation', { fullHeightOf: PARAMETER_PANEL });

	await page.locator('[data-test-id="ndv-close-button"]').click();
	await page.waitForTimeout(600);
	const node = canvasNode(page, NODE_NAME);
	const nodeText = await node.innerText().catch(() => '');
	check(
		nodeText.includes('Get Generation'),
		'canvas node subtitle shows the operation ("Get Generation")',
		oneLine(nodeText),
	);
	const outputs = await node.locator('[data-test-id="canvas-node-output-handle"]').count();
	check(outputs === 3, `Route by Status gives the node three outputs (found ${outputs})`);
	await shooter.take(page, 'canvas-get-generation-outputs');
}
