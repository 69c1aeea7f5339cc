import { NodeOperationError, type IExecuteFunctions, type NodeApiError } from 'n8n-workflow';

import { toOutputJson } from '../output/toOutputJson';
import type { WaitOutcome } from '../polling/waitForGenerations';
import { apiErrorWithMessage, toNodeApiError } from '../transport/apiErrors';
import { downloadVideo, isExpiredLink, videoFileName } from '../transport/downloadVideo';
import { isTransient, type HttpFailure } from '../transport/failure';
import { RETRY_POLICY } from '../transport/retryPolicy';
import type { Generation } from '../transport/generation';
import { fetchGeneration } from '../transport/generations';
import type { RunSettings } from '../options/runOptions';
import { failureOutcome, itemOutcome, type ItemOutcome } from '../output/outcome';

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
	clientRequestId?: string;
	settings: RunSettings;
	/** With routes, failed and unfinished generations become items on their own outputs instead of errors. */
	routes?: Routes;
}

function failedGenerationError(
	context: IExecuteFunctions,
	generation: Generation,
	itemIndex: number,
) {
	const reason = generation.error
		? `${generation.error.name}: ${generation.error.message}`
		: 'no reason given';
	return new NodeOperationError(
		context.getNode(),
		`Generation ${generation.id} failed: ${reason}`,
		{
			itemIndex,
			description:
				'The AIML API does not bill failed generations. Adjust the prompt or the input (content filters reject some) and run again.',
		},
	);
}

function timeoutError(
	context: IExecuteFunctions,
	generation: Generation,
	itemIndex: number,
	waitedMs: number,
	lastFailure?: HttpFailure,
) {
	const minutes = Math.round(waitedMs / 60_000);
	const checks = lastFailure
		? ` The last status checks failed (${lastFailure.status ?? lastFailure.networkCode ?? 'no answer'}: ${lastFailure.text}).`
		: '';
	return new NodeOperationError(
		context.getNode(),
		`Generation ${generation.id} is still ${generation.status} after ${minutes} min of waiting`,
		{
			itemIndex,
			description:
				`It keeps running on the AIML API and will be billed.${checks} Resume it with the Get Generation operation and the ID ${generation.id}, ` +
				'raise "Max Wait" in Options, or set "On Timeout" to output the running generation.',
		},
	);
}

/** n8n could not keep the downloaded video: its binary data store (disk, database, S3) refused it. */
function storeError(
	context: IExecuteFunctions,
	reason: string,
	generation: Generation,
	videoUrl: string,
	itemIndex: number,
) {
	return new NodeOperationError(
		context.getNode(),
		`n8n could not store the video of generation ${generation.id}: ${reason}`,
		{
			itemIndex,
			description:
				`The video host answered, but n8n's binary data storage refused the file (free disk space, database or S3 settings). It was not downloaded again. ` +
				`The video itself is finished: download it later with the Get Generation operation and the ID ${generation.id}, or open the video URL while it is valid: ${videoUrl}`,
		},
	);
}

/** The video host (a CDN, not the AIML API) refused or failed the download of a finished video. */
function downloadError(
	context: IExecuteFunctions,
	failure: HttpFailure,
	generation: Generation,
	videoUrl: string,
	itemIndex: number,
): NodeApiError {
	const httpCode = failure.status !== undefined ? String(failure.status) : undefined;
	const answer = httpCode
		? `answered ${httpCode}`
		: `could not be reached (${failure.networkCode ?? 'no answer'})`;
	const message = `Could not download the video of generation ${generation.id}: the video host ${answer}`;
	let reason = 'The video host refused the download.';
	if (isExpiredLink(failure))
		reason = 'The signed video link was refused, also after asking the API for a fresh one.';
	else if (!httpCode) reason = 'Check that n8n can reach the video host (proxy, firewall).';
	else if (isTransient(failure))
		reason = `The video host kept failing (${RETRY_POLICY.maxAttempts} attempts).`;
	return apiErrorWithMessage(
		context.getNode(),
		{ message, ...(httpCode ? { httpCode } : {}), generationId: generation.id, videoUrl },
		{
			itemIndex,
			httpCode,
			message,
			description:
				`${reason} The video itself is finished: download it later with the Get Generation operation and the ID ${generation.id}, ` +
				`or open the video URL while it is valid: ${videoUrl}`,
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
	const json = toOutputJson(generation, {
		model: settle.model,
		clientRequestId: settle.clientRequestId,
		waitedMs,
	});
	if (!generation.videoUrl) {
		const error = new NodeOperationError(
			context.getNode(),
			`Generation ${generation.id} is completed, but the AIML API gave no video URL`,
			{
				itemIndex: settle.itemIndex,
				description: `Fetch it again in a few minutes with the Get Generation operation and the ID ${generation.id}.`,
			},
		);
		return failureOutcome(error, json);
	}
	if (!settle.settings.downloadVideo) return itemOutcome(json, undefined, output);

	const fileName = videoFileName(generation.id);
	let download = await downloadVideo(context, generation.videoUrl, fileName);
	if (!download.ok && 'failure' in download && isExpiredLink(download.failure)) {
		// Signed links expire; the API hands out a fresh one on the next status check.
		const refreshed = await fetchGeneration(context, generation.id);
		if (refreshed.ok && refreshed.generation.videoUrl) {
			json.videoUrl = refreshed.generation.videoUrl;
			download = await downloadVideo(context, refreshed.generation.videoUrl, fileName);
		}
	}
	if (!download.ok && 'storeFailure' in download) {
		const error = storeError(
			context,
			download.storeFailure,
			generation,
			String(json.videoUrl),
			settle.itemIndex,
		);
		return failureOutcome(error, json);
	}
	if (!download.ok) {
		const error = downloadError(
			context,
			download.failure,
			generation,
			String(json.videoUrl),
			settle.itemIndex,
		);
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
		return failureOutcome(error, {
			generationId: outcome.generationId,
			...(settle.clientRequestId ? { clientRequestId: settle.clientRequestId } : {}),
		});
	}
	const { generation, waitedMs } = outcome;
	const json = toOutputJson(generation, {
		model: settle.model,
		clientRequestId: settle.clientRequestId,
		waitedMs,
	});
	if (outcome.state === 'timedOut') {
		if (settle.routes || settle.settings.onTimeout === 'output')
			return itemOutcome(json, undefined, routes.running);
		return failureOutcome(
			timeoutError(context, generation, settle.itemIndex, waitedMs, outcome.lastFailure),
			json,
		);
	}
	if (generation.status === 'error') {
		if (settle.routes) return itemOutcome(json, undefined, routes.failed);
		return failureOutcome(failedGenerationError(context, generation, settle.itemIndex), json);
	}
	return await attachVideo(context, generation, settle, waitedMs, routes.completed);
}
