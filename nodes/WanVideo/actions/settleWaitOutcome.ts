import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { toOutputJson } from '../output/toOutputJson';
import type { WaitOutcome } from '../polling/waitForGenerations';
import { toNodeApiError } from '../transport/apiErrors';
import { downloadVideo, isExpiredLink } from '../transport/downloadVideo';
import type { Generation } from '../transport/generation';
import { fetchGeneration } from '../transport/generations';
import { failureOutcome, itemOutcome, type ItemOutcome } from './outcome';
import type { RunSettings } from './runSettings';

/** Where each kind of result goes when Get Generation routes by status. */
export interface Routes {
	completed: number;
	running: number;
	failed: number;
}

const SINGLE_OUTPUT: Routes = { completed: 0, running: 0, failed: 0 };

interface SettleContext {
	itemIndex: number;
	model?: string;
	settings: RunSettings;
	/** With routes, failed and unfinished generations become items on their own outputs instead of errors. */
	routes?: Routes;
}

function failedGenerationError(context: IExecuteFunctions, generation: Generation, itemIndex: number) {
	const reason = generation.error ? `${generation.error.name}: ${generation.error.message}` : 'no reason given';
	return new NodeOperationError(context.getNode(), `Generation ${generation.id} failed: ${reason}`, {
		itemIndex,
		description:
			'The AIML API does not bill failed generations. Adjust the prompt or the input (content filters reject some) and run again.',
	});
}

function timeoutError(context: IExecuteFunctions, generation: Generation, itemIndex: number, waitedMs: number) {
	const minutes = Math.round(waitedMs / 60_000);
	return new NodeOperationError(
		context.getNode(),
		`Generation ${generation.id} is still ${generation.status} after ${minutes} min of waiting`,
		{
			itemIndex,
			description:
				`It keeps running on the AIML API and will be billed. Resume it with the Get Generation operation and the ID ${generation.id}, ` +
				'raise "Max Wait" in Options, or set "On Timeout" to output the running generation.',
		},
	);
}

async function attachVideo(
	context: IExecuteFunctions,
	generation: Generation,
	settle: SettleContext,
	waitedMs: number,
	output: number,
): Promise<ItemOutcome> {
	const json = toOutputJson(generation, { model: settle.model, waitedMs });
	if (!settle.settings.downloadVideo || !generation.videoUrl) return itemOutcome(json, undefined, output);

	const fileName = `${generation.id}.mp4`;
	let download = await downloadVideo(context, generation.videoUrl, fileName);
	if (!download.ok && isExpiredLink(download.failure)) {
		// Signed links expire; the API hands out a fresh one on the next status check.
		const refreshed = await fetchGeneration(context, generation.id);
		if (refreshed.ok && refreshed.generation.videoUrl) {
			json.videoUrl = refreshed.generation.videoUrl;
			download = await downloadVideo(context, refreshed.generation.videoUrl, fileName);
		}
	}
	if (!download.ok) {
		const error = toNodeApiError(context.getNode(), download.failure, {
			itemIndex: settle.itemIndex,
			action: `Downloading the video of generation ${generation.id}`,
			generationId: generation.id,
		});
		error.description = `${error.description ?? ''} The video URL in the output may still work: ${String(json.videoUrl)}`;
		return failureOutcome(error, json);
	}
	return itemOutcome(json, { [settle.settings.binaryPropertyName]: download.binary }, output);
}

/** Turns how waiting ended for one generation into an output item or a failure that keeps its ID. */
export async function settleWaitOutcome(
	context: IExecuteFunctions,
	outcome: WaitOutcome,
	settle: SettleContext,
): Promise<ItemOutcome> {
	const routes = settle.routes ?? SINGLE_OUTPUT;
	if (outcome.state === 'unreachable') {
		const error = toNodeApiError(context.getNode(), outcome.failure, {
			itemIndex: settle.itemIndex,
			action: `Checking generation ${outcome.generationId}`,
			generationId: outcome.generationId,
		});
		return failureOutcome(error, { generationId: outcome.generationId });
	}
	const { generation, waitedMs } = outcome;
	const json = toOutputJson(generation, { model: settle.model, waitedMs });
	if (outcome.state === 'timedOut') {
		if (settle.routes || settle.settings.onTimeout === 'output') return itemOutcome(json, undefined, routes.running);
		return failureOutcome(timeoutError(context, generation, settle.itemIndex, waitedMs), json);
	}
	if (generation.status === 'error') {
		if (settle.routes) return itemOutcome(json, undefined, routes.failed);
		return failureOutcome(failedGenerationError(context, generation, settle.itemIndex), json);
	}
	return await attachVideo(context, generation, settle, waitedMs, routes.completed);
}
