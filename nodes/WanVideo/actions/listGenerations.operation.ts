import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { throwIfCancelled } from '../shared/cancellation';
import { waitForGenerations } from '../polling/waitForGenerations';
import { parseClientRequestId } from '../shared/clientRequestId';
import { mapWithConcurrency } from '../shared/mapWithConcurrency';
import { toNodeApiError } from '../transport/apiErrors';
import { fetchGeneration } from '../transport/generations';
import { readUsageLogs, UsageLogsError, type UsageLogRow } from '../transport/usageLogs';
import { readListRequest, type ListRequest, type StartedBy } from './listGenerationsInput';
import { readRunSettings } from '../options/runOptions';
import { isToolCall } from '../shared/toolCall';
import { failureOutcome, itemOutcome, type ItemOutcome } from '../output/outcome';
import { settleWaitOutcome, type Routes } from './settleWaitOutcome';

/** A listed generation that failed or still runs is an answer, not an error: all on the one output. */
const ONE_OUTPUT: Routes = { completed: 0, running: 0, failed: 0 };

function isStartedBy(row: UsageLogRow, startedBy: StartedBy): boolean {
	if (startedBy.kind === 'any') return true;
	return parseClientRequestId(row.clientRequestId)?.workflowId === startedBy.workflowId;
}

/** The item of one generation as the Usage Logs recorded it, with the origin its client request ID names. */
function listedJson(row: UsageLogRow): IDataObject {
	const origin = parseClientRequestId(row.clientRequestId);
	return {
		generationId: row.generationId,
		clientRequestId: row.clientRequestId,
		model: row.model,
		createdAt: row.created,
		status: row.status,
		creditsUsed: row.credits,
		usdSpent: row.usd,
		workflowId: origin?.workflowId || null,
		executionId: origin?.executionId || null,
		itemIndex: origin?.itemIndex ?? null,
	};
}

/** The generations of the window that pass the filters, newest first, each once, up to the limit. */
async function listRows(context: IExecuteFunctions, request: ListRequest): Promise<UsageLogRow[]> {
	const rows = new Map<string, UsageLogRow>();
	for await (const row of readUsageLogs(context, request.query)) {
		if (!isStartedBy(row, request.startedBy)) continue;
		const known = rows.get(row.generationId);
		if (known) {
			// Several requests may log one generation; the submission's row carries the client request ID.
			known.clientRequestId ??= row.clientRequestId;
			continue;
		}
		rows.set(row.generationId, { ...row });
		if (request.limit !== undefined && rows.size >= request.limit) break;
	}
	throwIfCancelled(context);
	return [...rows.values()];
}

/** Checks each generation once and downloads finished videos, exactly as Get Generation does. */
async function checkEach(
	context: IExecuteFunctions,
	rows: UsageLogRow[],
	asTool: boolean,
): Promise<ItemOutcome[]> {
	const read = readRunSettings(context, false);
	const settings = { ...read, downloadVideo: read.downloadVideo && !asTool };
	const waited = await waitForGenerations(
		context,
		rows.map((row) => ({ id: row.generationId, status: 'unknown' })),
		{ pollIntervalMs: settings.pollIntervalMs, maxWaitMs: 0, checkImmediately: true },
		async (generationId) => await fetchGeneration(context, generationId),
	);
	const outcomes: ItemOutcome[] = new Array(rows.length);
	await mapWithConcurrency(rows, settings.submitConcurrency, async (row, position) => {
		const settled = await settleWaitOutcome(context, waited[position], {
			itemIndex: 0,
			model: row.model,
			clientRequestId: row.clientRequestId ?? undefined,
			settings,
			routes: ONE_OUTPUT,
		});
		const json: IDataObject = {
			...listedJson(row),
			...(settled.json.status !== undefined ? { currentStatus: settled.json.status } : {}),
			videoUrl: settled.json.videoUrl ?? null,
			...(settled.json.error !== undefined ? { error: settled.json.error } : {}),
		};
		outcomes[position] = { ...settled, json };
	});
	return outcomes;
}

/** What an AI agent gets: one compact JSON answer, without empty fields and without files. */
function toolAnswer(outcomes: ItemOutcome[]): ItemOutcome {
	const generations = outcomes.map((outcome) => {
		// The origin fields already say what the client request ID holds.
		const entry = Object.fromEntries(
			Object.entries(outcome.json).filter(
				([key, value]) => key !== 'clientRequestId' && value !== null && value !== undefined,
			),
		);
		return outcome.kind === 'failure' ? { ...entry, error: outcome.error.message } : entry;
	});
	return itemOutcome({ count: generations.length, generations });
}

/**
 * Lists the Wan generations the API's Usage Logs recorded for this key, with the workflow,
 * execution and item that started each one, so a generation n8n lost can still be recovered.
 * Runs once, whatever the number of input items: every output item is paired with the first.
 */
export async function executeListGenerations(context: IExecuteFunctions): Promise<ItemOutcome[]> {
	const request = readListRequest(context);
	if (!request.ok) return [failureOutcome(request.error)];
	const asTool = isToolCall(context);

	const rows = await listRows(context, request.value).catch((error: unknown) => {
		if (error instanceof UsageLogsError) return error;
		throw error;
	});
	if (rows instanceof UsageLogsError) {
		throwIfCancelled(context);
		return [failureOutcome(usageLogsError(context, rows))];
	}

	const outcomes = request.value.checkStatus
		? await checkEach(context, rows, asTool)
		: rows.map((row) => itemOutcome(listedJson(row)));
	if (asTool) return [toolAnswer(outcomes)];
	return outcomes.map((outcome) => ({ ...outcome, inputItem: 0 }));
}

function usageLogsError(context: IExecuteFunctions, error: UsageLogsError) {
	const apiError = toNodeApiError(context.getNode(), error.failure, {
		itemIndex: 0,
		action: 'Reading the AIML API usage logs',
	});
	if (error.failure.status === 429) {
		apiError.description =
			'Reading the AIML API usage logs failed. They answer at most 200 requests per 60 seconds for a key, and the node waited and asked again several times. Run it again in a minute, or narrow the window or the models so that fewer pages are read.';
	}
	return apiError;
}
