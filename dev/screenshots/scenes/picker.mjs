import { check, checkLabels, oneLine } from '../checks.mjs';
import { exactText, openWorkflow } from '../editorActions.mjs';
import { log } from '../log.mjs';
import { NODE_NAME, STARTER_WORKFLOW, TRIGGER_NAME } from '../workflows.mjs';

/** Finds the node in the node picker and adds it with its text-to-video action. */
export async function scenePicker({ page, shooter, editorUrl }) {
	log('node picker');
	await openWorkflow(page, editorUrl, STARTER_WORKFLOW.id);
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${TRIGGER_NAME}"]`)
		.locator('[data-test-id="canvas-handle-plus"]')
		.first()
		.click();
	const search = page.locator('[data-test-id="node-creator-search-bar"]');
	await search.waitFor({ state: 'visible' });
	const itemNames = page.locator(
		'[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]',
	);
	let found = false;
	for (const query of ['wan', 'video', 'aiml']) {
		await search.fill(query);
		await page.waitForTimeout(700);
		const names = (await itemNames.allInnerTexts()).map((name) => name.trim());
		const listed = names.includes(NODE_NAME);
		check(
			listed,
			`node picker search "${query}" lists "${NODE_NAME}"`,
			`listed: ${names.join(', ') || '(nothing)'}`,
		);
		if (listed) found = true;
		await shooter.take(page, `picker-search-${query}`);
	}

	if (found) {
		await search.fill('wan');
		await page.waitForTimeout(500);
		const hit = page
			.locator('[data-test-id="item-iterator-item"]')
			.filter({ hasText: NODE_NAME })
			.first();
		if (!(await hit.isVisible())) await search.fill('video');
		await page
			.locator('[data-test-id="item-iterator-item"]')
			.filter({ hasText: NODE_NAME })
			.first()
			.click();
	} else {
		// The only other way in: browse AI > Other AI Nodes > Miscellaneous.
		log('search did not list the node: browsing AI > Other AI Nodes > Miscellaneous instead');
		await search.fill('');
		await page.waitForTimeout(400);
		const item = (name) =>
			page
				.locator('[data-test-id="item-iterator-item"]')
				.filter({
					has: page.locator('[data-test-id="node-creator-item-name"]', {
						hasText: exactText(name),
					}),
				})
				.first();
		for (const step of ['AI', 'Other AI Nodes', 'Miscellaneous']) {
			await item(step).click();
			await page.waitForTimeout(400);
		}
		await item(NODE_NAME).scrollIntoViewIfNeeded();
		await shooter.take(page, 'picker-browse-ai-miscellaneous');
		await item(NODE_NAME).click();
	}

	const actions = page.locator('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]');
	await actions
		.filter({ hasText: 'Generate a video from text' })
		.first()
		.waitFor({ state: 'visible' });
	const actionNames = (await actions.allInnerTexts()).map((text) => oneLine(text));
	checkLabels(
		actionNames.join('\n'),
		[
			'Generate a video from text',
			'Generate a video from an image',
			'Generate a video from references',
			'Get a video generation',
			'List video generations from the usage logs',
		],
		'node details (actions)',
	);
	await shooter.take(page, 'picker-node-actions');
	await actions.filter({ hasText: 'Generate a video from text' }).first().click();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible', timeout: 20_000 });
	await page.locator('[data-test-id="parameter-input-prompt"]').waitFor({ state: 'visible' });
}
