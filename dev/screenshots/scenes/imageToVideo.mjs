import { check, checkLabels } from '../checks.mjs';
import {
	PARAMETER_PANEL,
	addOption,
	closeDropdowns,
	fillParameter,
	openOptionList,
	parametersText,
	selectParameterOption,
	selectedOption,
} from '../editorActions.mjs';
import { log } from '../log.mjs';

/** The Image to Video panel, its two models (the Flash one with its own default) and a binary image source. */
export async function sceneImageToVideo({ page, shooter, hints }) {
	log('image to video');
	await selectParameterOption(page, 'operation', 'Image to Video');
	await page.locator('[data-test-id="parameter-input-model"]').waitFor({ state: 'visible' });
	let text = await parametersText(page);
	checkLabels(
		text,
		[
			'Operation',
			'Model',
			'Prompt',
			'Image Source',
			'First Frame Image URL',
			'Resolution',
			'Duration',
			'Wait for Completion',
			'Options',
		],
		'Image to Video panel',
		{ ordered: true },
	);
	check(!text.includes('Aspect Ratio'), 'Image to Video panel has no Aspect Ratio');
	check(/Retry On Fail/.test(text), 'Image to Video panel shows the Retry On Fail notice');
	await fillParameter(page, 'prompt', 'The fox turns its head towards the camera and blinks');
	await fillParameter(page, 'imageUrl', 'https://example.com/first-frame.jpg');
	await shooter.take(page, 'image-to-video', { fullHeightOf: PARAMETER_PANEL });

	const models = await openOptionList(page, 'model');
	check(
		models.join('|') === hints.modelLabels.imageToVideo.join('|'),
		`Model list offers every image-to-video model of the catalogue, newest first (${models.join(', ')})`,
		models.join(', '),
	);
	await shooter.take(page, 'image-to-video-model-list');
	await closeDropdowns(page);

	await selectParameterOption(page, 'model', 'Wan 2.6 Image to Video Flash');
	text = await parametersText(page);
	check(text.includes(hints.flashResolution), 'Flash model shows the 720p resolution hint');
	check((await selectedOption(page, 'resolution')) === '720p', 'Flash model preselects 720p');
	checkLabels(
		text,
		[
			'Model',
			'Prompt',
			'Image Source',
			'First Frame Image URL',
			'Resolution',
			'Duration',
			'Wait for Completion',
		],
		'Image to Video Flash panel',
		{ ordered: true },
	);
	await addOption(page, 'Generate Audio');
	await addOption(page, 'Audio URL');
	text = await parametersText(page);
	check(text.includes(hints.audioUrl), 'Image to Video Audio URL hint is shown');
	await shooter.take(page, 'image-to-video-flash', { fullHeightOf: PARAMETER_PANEL });

	await selectParameterOption(page, 'imageSource', 'Binary File');
	text = await parametersText(page);
	check(text.includes('Input Binary Field'), 'Image Source "Binary File" shows Input Binary Field');
	await shooter.take(page, 'image-to-video-binary', { fullHeightOf: PARAMETER_PANEL });
}
