import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { GenerateOperation } from '../models/types';
import { toOutputJson } from '../output/toOutputJson';
import { waitForGenerations } from '../polling/waitForGenerations';
import { mapWithConcurrency } from '../shared/mapWithConcurrency';
import { toNodeApiError } from '../transport/apiErrors';
import type { Generation } from '../transport/generation';
import { checkGeneration } from '../transport/generations';
import { useRequestBudget } from '../transport/requestBudget';
import { submitGeneration } from '../transport/submitGeneration';
import { buildClientRequestId } from '../shared/clientRequestId';
import { cancelledError, isCancelled, type StartedGeneration } from '../shared/cancellation';
import { readRunSettings } from '../options/runOptions';
import { failureOutcome, itemOutcome, skippedOutcome, type ItemOutcome } from '../output/outcome';
import { prepareRequests } from './prepareRequests';
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
	useRequestBudget(context, settings.maxRequestsPerSecond);
	const runStartedMs = Date.now();

	const { requests, rejected } = await prepareRequests(context, operation);
	for (const [itemIndex, outcome] of rejected) outcomes[itemIndex] = outcome;
	if (stopAtFirstFailure && rejected.size > 0) return fillUnsubmitted(context, outcomes);

	const origin = { workflowId: context.getWorkflow().id, executionId: context.getExecutionId() };
	const clientRequestIds = Array.from({ length: itemCount }, (_, itemIndex) =>
		buildClientRequestId({ ...origin, itemIndex }),
	);
	let submitFailed = false;
	const submitted = await mapWithConcurrency(
		requests,
		settings.submitConcurrency,
		async (request) => {
			const clientRequestId = clientRequestIds[request.itemIndex];
			const result = await submitGeneration(context, {
				body: (await request.buildBody()) as IDataObject,
				clientRequestId,
				apiModelIds: [request.model.id, ...(request.model.apiIdAliases ?? [])],
				deadlineMs: runStartedMs + settings.maxWaitMs,
			});
			if (result.ok) {
				logAccepted(context, result.generation, request.itemIndex, clientRequestId, {
					model: request.model.id,
					foundInUsageLogs: result.foundInUsageLogs === true,
				});
				return result.generation;
			}
			submitFailed = true;
			outcomes[request.itemIndex] = failureOutcome(
				toNodeApiError(context.getNode(), result.failure, {
					itemIndex: request.itemIndex,
					action: `Submitting the ${request.model.label} generation`,
					submission: true,
					fateUnknown: result.fateUnknown,
					clientRequestId,
				}),
				{ clientRequestId },
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
				toOutputJson(generation, {
					model: request.model.id,
					clientRequestId: clientRequestIds[request.itemIndex],
				}),
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
		async (generationId) => await checkGeneration(context, generationId),
	);
	await mapWithConcurrency(started, settings.submitConcurrency, async ({ request }, position) => {
		outcomes[request.itemIndex] = await settleWaitOutcome(context, waited[position], {
			itemIndex: request.itemIndex,
			model: request.model.id,
			clientRequestId: clientRequestIds[request.itemIndex],
			settings,
		});
	});
	// Cancelled during the downloads: the error, not half the items, tells what was paid for.
	if (isCancelled(context)) throw cancelledError(context, startedGenerations(outcomes));
	return fillUnsubmitted(context, outcomes);
}

function startedGenerations(outcomes: ItemOutcome[]): StartedGeneration[] {
	return outcomes.flatMap((outcome) =>
		outcome?.json?.generationId
			? [
					{
						id: String(outcome.json.generationId),
						status: String(outcome.json.status ?? 'submitted'),
						videoUrl: (outcome.json.videoUrl as string | null | undefined) ?? null,
					},
				]
			: [],
	);
}

/**
 * The generation ID in n8n's own log the moment the API accepted it: if the process dies while
 * waiting, or n8n later drops the execution, an administrator can still find every paid video.
 */
function logAccepted(
	context: IExecuteFunctions,
	generation: Generation,
	itemIndex: number,
	clientRequestId: string,
	{ model, foundInUsageLogs }: { model: string; foundInUsageLogs: boolean },
) {
	const workflowId = context.getWorkflow().id ?? '';
	const executionId = context.getExecutionId() ?? '';
	const how = foundInUsageLogs ? ', answer lost, found in the usage logs' : '';
	context.logger.info(
		`Wan Video: generation ${generation.id} accepted (client request ${clientRequestId}, item ${itemIndex}, model ${model}, workflow ${workflowId}, execution ${executionId}${how})`,
		{ generationId: generation.id, clientRequestId, itemIndex, model, workflowId, executionId },
	);
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
