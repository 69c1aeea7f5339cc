import { check, checkLabels } from '../checks.mjs';
import {
	PARAMETER_PANEL,
	addOption,
	closeDropdowns,
	fillParameter,
	openAddOption,
	openOptionList,
	parametersText,
	selectParameterOption,
	selectedOption,
} from '../editorActions.mjs';
import { log } from '../log.mjs';
import { PROMPT } from '../workflows.mjs';

/** The Text to Video panel, the operation list and the Options collection with a few options added. */
export async function sceneTextToVideo({ page, shooter, hints }) {
	log('text to video');
	const text = await parametersText(page);
	checkLabels(
		text,
		[
			'Credential',
			'Operation',
			'Prompt',
			'Aspect Ratio',
			'Resolution',
			'Duration',
			'Wait for Completion',
			'Options',
		],
		'Text to Video panel',
		{ ordered: true },
	);
	const operation = await selectedOption(page, 'operation');
	check(
		operation === 'Text to Video',
		'Operation is "Text to Video" after picking "Generate a video from text"',
		`shows "${operation}"`,
	);
	check(/Retry On Fail/.test(text), 'Text to Video panel shows the Retry On Fail notice');
	await fillParameter(page, 'prompt', PROMPT);
	await shooter.take(page, 'text-to-video', { fullHeightOf: PARAMETER_PANEL });

	const operations = await openOptionList(page, 'operation');
	check(
		['Get Generation', 'Image to Video', 'Reference to Video', 'Text to Video'].every((name) =>
			operations.includes(name),
		),
		'Operation list offers the four operations',
		operations.join(', '),
	);
	log(`Operation list: ${operations.join(' | ')}`);
	await shooter.take(page, 'operation-list');
	await closeDropdowns(page);

	const optionLabels = await openAddOption(page);
	checkLabels(
		optionLabels.join('\n'),
		[
			'Audio URL',
			'Check Interval (Seconds)',
			'Download Video',
			'Enhance Prompt',
			'Generate Audio',
			'Max Wait (Minutes)',
			'Negative Prompt',
			'On Timeout',
			'Parallel Submissions',
			'Put Output File in Field',
			'Seed',
			'Shot Type',
		],
		'Text to Video "Add Option" list',
	);
	log(`Text to Video options: ${optionLabels.join(' | ')}`);
	await shooter.take(page, 'text-to-video-option-list', { fullHeightOf: PARAMETER_PANEL });
	await closeDropdowns(page);

	await addOption(page, 'Audio URL');
	await fillParameter(page, 'audioUrl', 'https://example.com/voice-over.mp3');
	await addOption(page, 'Shot Type');
	await selectParameterOption(page, 'shotType', 'Multiple Shots');
	await addOption(page, 'Negative Prompt');
	await fillParameter(page, 'negativePrompt', 'blurry, text, watermark');
	await addOption(page, 'Check Interval (Seconds)');
	const filled = await parametersText(page);
	check(filled.includes(hints.audioUrl), 'Audio URL hint is shown');
	check(filled.includes(hints.shotType), 'Shot Type hint is shown');
	check(/Retry On Fail/.test(filled), 'Retry On Fail notice is shown below the options');
	await shooter.take(page, 'text-to-video-options', { fullHeightOf: PARAMETER_PANEL });
}
