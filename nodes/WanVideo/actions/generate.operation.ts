import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { GenerateOperation } from '../models/types';
import { toOutputJson } from '../output/toOutputJson';
import { waitForGenerations } from '../polling/waitForGenerations';
import { mapWithConcurrency } from '../shared/mapWithConcurrency';
import { toNodeApiError } from '../transport/apiErrors';
import type { Generation } from '../transport/generation';
import { fetchGeneration, submitGeneration } from '../transport/generations';
import { failureOutcome, itemOutcome, skippedOutcome, type ItemOutcome } from './outcome';
import { prepareRequests } from './prepareRequests';
import { readRunSettings } from './runSettings';
import { settleWaitOutcome } from './settleWaitOutcome';

/** Submits every item's generation, then (optionally) waits for all of them together. */
export async function executeGenerate(
	context: IExecuteFunctions,
	operation: GenerateOperation,
): Promise<ItemOutcome[]> {
	const itemCount = context.getInputData().length;
	const outcomes: ItemOutcome[] = new Array(itemCount);
	const settings = readRunSettings(context, true);
	const stopAtFirstFailure = !context.continueOnFail();

	const { requests, rejected } = await prepareRequests(context, operation);
	for (const [itemIndex, outcome] of rejected) outcomes[itemIndex] = outcome;
	if (stopAtFirstFailure && rejected.size > 0) return fillUnsubmitted(context, outcomes);

	let submitFailed = false;
	const submitted = await mapWithConcurrency(
		requests,
		settings.submitConcurrency,
		async (request) => {
			const result = await submitGeneration(context, (await request.buildBody()) as IDataObject);
			if (result.ok) return result.generation;
			submitFailed = true;
			outcomes[request.itemIndex] = failureOutcome(
				toNodeApiError(context.getNode(), result.failure, {
					itemIndex: request.itemIndex,
					action: `Submitting the ${request.model.label} generation`,
					submission: true,
				}),
			);
			return undefined;
		},
		// Once one item fails without "Continue On Fail", the run will fail: start no more paid jobs.
		() => stopAtFirstFailure && submitFailed,
	);

	const started = requests
		.map((request, position) => ({ request, generation: submitted[position] }))
		.filter((entry): entry is { request: (typeof requests)[number]; generation: Generation } =>
			Boolean(entry.generation),
		);

	if (!settings.waitForCompletion || (stopAtFirstFailure && submitFailed)) {
		for (const { request, generation } of started) {
			outcomes[request.itemIndex] = itemOutcome(
				toOutputJson(generation, { model: request.model.id }),
			);
		}
		return fillUnsubmitted(context, outcomes);
	}

	const waited = await waitForGenerations(
		context,
		started.map((entry) => entry.generation),
		{
			pollIntervalMs: settings.pollIntervalMs,
			maxWaitMs: settings.maxWaitMs,
			checkImmediately: false,
		},
		async (generationId) => await fetchGeneration(context, generationId),
	);
	await mapWithConcurrency(started, settings.submitConcurrency, async ({ request }, position) => {
		outcomes[request.itemIndex] = await settleWaitOutcome(context, waited[position], {
			itemIndex: request.itemIndex,
			model: request.model.id,
			settings,
		});
	});
	return fillUnsubmitted(context, outcomes);
}

function fillUnsubmitted(context: IExecuteFunctions, outcomes: ItemOutcome[]): ItemOutcome[] {
	for (let itemIndex = 0; itemIndex < outcomes.length; itemIndex++) {
		outcomes[itemIndex] ??= skippedOutcome(
			new NodeOperationError(context.getNode(), 'Not submitted: another item failed first', {
				itemIndex,
			}),
		);
	}
	return outcomes;
}
