import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { waitForGenerations } from '../polling/waitForGenerations';
import { mapWithConcurrency } from '../shared/mapWithConcurrency';
import { checkGeneration } from '../transport/generations';
import { useRequestBudget } from '../transport/requestBudget';
import { readRunSettings } from '../options/runOptions';
import { failureOutcome, type ItemOutcome } from '../output/outcome';
import { settleWaitOutcome, type Routes } from './settleWaitOutcome';

export const STATUS_ROUTES: Routes = { completed: 0, running: 1, failed: 2 };

const STATUS_LABELS: Record<keyof Routes, string> = {
	completed: 'Completed',
	running: 'Still Running',
	failed: 'Failed',
};

/** The outputs Route by Status adds, each at the position STATUS_ROUTES gives it. */
export const STATUS_OUTPUT_NAMES: string[] = (Object.keys(STATUS_ROUTES) as Array<keyof Routes>)
	.sort((a, b) => STATUS_ROUTES[a] - STATUS_ROUTES[b])
	.map((route) => STATUS_LABELS[route]);

/** Checks (or waits for) generations by ID; can route them to Completed, Still Running and Failed outputs. */
export async function executeGetGeneration(context: IExecuteFunctions): Promise<ItemOutcome[]> {
	const itemCount = context.getInputData().length;
	const outcomes: ItemOutcome[] = new Array(itemCount);
	const settings = readRunSettings(context, false);
	const routes = context.getNodeParameter('routeByStatus', 0, false) ? STATUS_ROUTES : undefined;
	useRequestBudget(context, settings.maxRequestsPerSecond);

	const lookups: Array<{ itemIndex: number; generationId: string }> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		// An expression pointing at a missing field gives undefined, which must not become the ID "undefined".
		const generationId = String(
			context.getNodeParameter('generationId', itemIndex, '') ?? '',
		).trim();
		if (generationId) lookups.push({ itemIndex, generationId });
		else
			outcomes[itemIndex] = failureOutcome(
				new NodeOperationError(context.getNode(), '"Generation ID" is empty', {
					itemIndex,
					description:
						'Map the generationId field from the node that submitted the video, e.g. {{ $json.generationId }}.',
				}),
			);
	}

	const waited = await waitForGenerations(
		context,
		lookups.map(({ generationId }) => ({ id: generationId, status: 'unknown' })),
		{
			pollIntervalMs: settings.pollIntervalMs,
			maxWaitMs: settings.waitForCompletion ? settings.maxWaitMs : 0,
			checkImmediately: true,
		},
		async (generationId) => await checkGeneration(context, generationId),
	);
	// Without waiting, a generation still running is an answer, not a timeout.
	const settleSettings = settings.waitForCompletion
		? settings
		: { ...settings, onTimeout: 'output' as const };
	await mapWithConcurrency(lookups, settings.submitConcurrency, async ({ itemIndex }, position) => {
		outcomes[itemIndex] = await settleWaitOutcome(context, waited[position], {
			itemIndex,
			settings: settleSettings,
			routes,
		});
	});
	return outcomes;
}
