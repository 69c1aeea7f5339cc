import { check, checkLabels } from '../checks.mjs';
import {
	PARAMETER_PANEL,
	fillParameter,
	parametersText,
	selectParameterOption,
} from '../editorActions.mjs';
import { log } from '../log.mjs';

/** The Reference to Video panel with one reference clip added. */
export async function sceneReferenceToVideo({ page, shooter, hints }) {
	log('reference to video');
	await selectParameterOption(page, 'operation', 'Reference to Video');
	await page.getByText('Reference Videos', { exact: false }).first().waitFor({ state: 'visible' });
	let text = await parametersText(page);
	checkLabels(
		text,
		[
			'Operation',
			'Prompt',
			'Reference Videos',
			'Aspect Ratio',
			'Resolution',
			'Duration',
			'Wait for Completion',
			'Options',
		],
		'Reference to Video panel',
		{ ordered: true },
	);
	check(
		/\bModel\b/.test(text.split('Prompt')[0]),
		'Reference to Video panel starts with the Model picker',
	);
	await fillParameter(
		page,
		'prompt',
		'character1 and character2 share a coffee in a sunny kitchen',
	);
	const addVideo = page
		.locator(PARAMETER_PANEL)
		.getByRole('button', { name: /Add Reference Video/ });
	if (check(await addVideo.count(), 'Reference Videos has an "Add Reference Video" button')) {
		await addVideo.first().click();
		await page.waitForTimeout(400);
		const url = page
			.locator(`${PARAMETER_PANEL} [data-test-id="parameter-input-url"]`)
			.first()
			.locator('input, textarea')
			.first();
		await url.fill('https://example.com/character.mp4');
		await url.evaluate((element) => element.blur());
	}
	text = await parametersText(page);
	check(text.includes(hints.referencePrompt), 'Reference Videos hint names character1..3');
	check(/Retry On Fail/.test(text), 'Reference to Video panel shows the Retry On Fail notice');
	await shooter.take(page, 'reference-to-video', { fullHeightOf: PARAMETER_PANEL });
}
