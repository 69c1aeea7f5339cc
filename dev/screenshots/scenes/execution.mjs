import { check, oneLine } from '../checks.mjs';
import { canvasNode, openWorkflow } from '../editorActions.mjs';
import { log } from '../log.mjs';
import { EXAMPLE_WORKFLOW, NODE_NAME } from '../workflows.mjs';

/** Executes the example workflow against the simulator, in a tab of its own, and shows its output. */
export async function sceneExecution({ context, shooter, editorUrl, simulator }) {
	const page = await context.newPage();
	log('execute the example workflow against the simulator');
	await openWorkflow(page, editorUrl, EXAMPLE_WORKFLOW.id);
	const node = canvasNode(page, NODE_NAME);
	check(
		(await node.innerText().catch(() => '')).includes('Text to Video'),
		'example workflow node subtitle shows "Text to Video"',
	);
	const submitsBefore = simulator.state.counters.submits;
	await page.locator('[data-test-id="execute-workflow-button"]').click();
	const started = Date.now();
	const success = await page
		.waitForFunction(
			(name) => {
				const el = document.querySelector(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
				return Boolean(el && el.querySelector('[data-test-id="canvas-node-status-success"]'));
			},
			NODE_NAME,
			{ timeout: 90_000, polling: 250 },
		)
		.then(() => true)
		.catch(() => false);
	check(
		success,
		`the example workflow finished successfully (${((Date.now() - started) / 1000).toFixed(1)} s)`,
	);
	check(
		simulator.state.counters.submits === submitsBefore + 1,
		'the simulator received exactly one submit',
	);
	const job = Object.values(simulator.state.jobs)[0];
	check(
		job && job.status === 'completed',
		`the simulator generation is completed (${job?.status ?? 'none'})`,
	);
	await shooter.take(page, 'execution-canvas');

	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
	const output = page.locator('[data-test-id="output-panel"]');
	await output.locator('[data-test-id="radio-button-json"]').click();
	await page.waitForTimeout(600);
	const json = await output.innerText();
	check(json.includes('generationId'), 'output JSON has generationId');
	check(
		/"?status"?:\s*"completed"/.test(json),
		'output JSON has status "completed"',
		oneLine(json),
	);
	check(json.includes('videoUrl'), 'output JSON has videoUrl');
	await shooter.take(page, 'execution-output-json');

	const binaryTab = output.locator('[data-test-id="radio-button-binary"]');
	if (check(await binaryTab.count(), 'output panel offers the Binary view')) {
		await binaryTab.click();
		await page.waitForTimeout(600);
		const binary = await output.innerText();
		check(/video\/mp4/.test(binary), 'binary view shows a video/mp4 file', oneLine(binary));
		await shooter.take(page, 'execution-output-binary');
	}
}
