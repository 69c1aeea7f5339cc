import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { aimlApiRequest } from './aimlApiRequest';
import { isTransient, readHttpFailure, type HttpFailure } from './failure';
import { parseGeneration, type Generation } from './generation';
import { withRetry } from './withRetry';

export const GENERATIONS_PATH = '/v2/video/generations';

export type CallResult = { ok: true; generation: Generation } | { ok: false; failure: HttpFailure };

/** A 200 answer the node cannot read: not the API's shape, perhaps a proxy's page. */
export function unreadableAnswer(answer: unknown): HttpFailure {
	return {
		status: 200,
		aborted: false,
		unreadable: true,
		body: { answer: answer as JsonObject },
		text: `The AIML API answered without a generation ID: ${JSON.stringify(answer)?.slice(0, 500)}`,
	};
}

async function requestStatus(context: IExecuteFunctions, generationId: string): Promise<unknown> {
	return await aimlApiRequest<unknown>(context, {
		method: 'GET',
		path: GENERATIONS_PATH,
		qs: { generation_id: generationId },
	});
}

function readStatus(answer: unknown, generationId: string): CallResult {
	const generation = parseGeneration(answer, generationId);
	return generation ? { ok: true, generation } : { ok: false, failure: unreadableAnswer(answer) };
}

/** One status check, not repeated: the poller decides when to check again. */
export async function checkGeneration(
	context: IExecuteFunctions,
	generationId: string,
): Promise<CallResult> {
	try {
		return readStatus(await requestStatus(context, generationId), generationId);
	} catch (error) {
		return { ok: false, failure: readHttpFailure(error) };
	}
}

/** Reads one generation's state now, retrying passing failures with backoff (a fresh video link). */
export async function fetchGeneration(
	context: IExecuteFunctions,
	generationId: string,
): Promise<CallResult> {
	const result = await withRetry(
		context,
		async () => await requestStatus(context, generationId),
		isTransient,
	);
	return result.ok ? readStatus(result.value, generationId) : result;
}
