import { check, checkLabels } from '../checks.mjs';
import {
	PARAMETER_PANEL,
	closeDropdowns,
	fillParameter,
	openOptionList,
	parametersText,
	selectParameterOption,
	selectedOption,
} from '../editorActions.mjs';
import { log } from '../log.mjs';

/** Clicks a URL list's "Add …" button and types `url` into the row it adds (the empty one). */
async function addUrlRow(page, buttonName, url) {
	const button = page.locator(PARAMETER_PANEL).getByRole('button', { name: buttonName });
	if (!check(await button.count(), `the panel has an "${buttonName}" button`)) return;
	await button.first().click();
	await page.waitForTimeout(400);
	const inputs = page
		.locator(`${PARAMETER_PANEL} [data-test-id="parameter-input-url"]`)
		.locator('input, textarea');
	for (let index = 0; index < (await inputs.count()); index++) {
		const input = inputs.nth(index);
		if ((await input.inputValue()) !== '') continue;
		await input.fill(url);
		await input.evaluate((element) => element.blur());
		return;
	}
	check(false, `"${buttonName}" added an empty URL row`);
}

async function inputValue(page, parameterName) {
	return page
		.locator(`[data-test-id="parameter-input-${parameterName}"]`)
		.first()
		.locator('input')
		.first()
		.inputValue();
}

/**
 * The Model picker of Reference to Video, then the Wan 3.0 panels: reference images, videos and
 * audio; a first and a last frame as URLs.
 */
export async function sceneWan30({ page, shooter, hints }) {
	log('wan 3.0');
	const models = await openOptionList(page, 'model');
	check(
		models.join('|') === hints.modelLabels.referenceToVideo.join('|'),
		`Reference to Video Model list offers every reference model of the catalogue, newest first (${models.join(', ')})`,
		models.join(', '),
	);
	await shooter.take(page, 'reference-to-video-model-list');
	await closeDropdowns(page);

	await selectParameterOption(page, 'model', hints.wan30.referenceToVideo);
	let text = await parametersText(page);
	checkLabels(
		text,
		[
			'Model',
			'Prompt',
			'Reference Images',
			'Reference Videos',
			'Reference Audio',
			'Aspect Ratio',
			'Resolution',
			'Duration',
			'Wait for Completion',
			'Options',
		],
		'Wan 3.0 Reference to Video panel',
		{ ordered: true },
	);
	check(
		text.includes(hints.wan30.referencePrompt),
		'Wan 3.0 prompt hint says how to name references',
	);
	const aspect = await selectedOption(page, 'aspectRatio');
	check(aspect.startsWith('Adaptive'), 'Wan 3.0 preselects the Adaptive aspect ratio', aspect);
	const duration = await inputValue(page, 'duration');
	check(duration === '5', 'Wan 3.0 Duration is a number of seconds, 5 by default', duration);
	await fillParameter(
		page,
		'prompt',
		'The person of the first reference image dances like the reference video, to the reference audio',
	);
	await addUrlRow(page, /Add Reference Image/, 'https://example.com/person.jpg');
	await addUrlRow(page, /Add Reference Video/, 'https://example.com/dance.mp4');
	await addUrlRow(page, /Add Reference Audio/, 'https://example.com/beat.mp3');
	await shooter.take(page, 'wan-3-reference-to-video', { fullHeightOf: PARAMETER_PANEL });

	await selectParameterOption(page, 'operation', 'Image to Video');
	await page.locator('[data-test-id="parameter-input-model"]').waitFor({ state: 'visible' });
	if ((await selectedOption(page, 'model')) !== hints.wan30.imageToVideo)
		await selectParameterOption(page, 'model', hints.wan30.imageToVideo);
	text = await parametersText(page);
	checkLabels(
		text,
		[
			'Model',
			'Prompt',
			'First Frame Image URL',
			'Last Frame Image URL',
			'Aspect Ratio',
			'Resolution',
			'Duration',
			'Wait for Completion',
		],
		'Wan 3.0 Image to Video panel',
		{ ordered: true },
	);
	check(!text.includes('Image Source'), 'Wan 3.0 Image to Video offers no binary image source');
	check(text.includes(hints.wan30.urlOnlyImage), 'Wan 3.0 frames say they take URLs only');
	await fillParameter(page, 'prompt', 'The sneaker turns from its front to its side');
	await fillParameter(page, 'imageUrl', 'https://example.com/sneaker-front.jpg');
	await fillParameter(page, 'lastFrameImageUrl', 'https://example.com/sneaker-side.jpg');
	await shooter.take(page, 'wan-3-image-to-video', { fullHeightOf: PARAMETER_PANEL });
}
