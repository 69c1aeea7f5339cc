import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { aimlApiRequest } from './aimlApiRequest';
import { isTransient, type HttpFailure } from './failure';
import { parseGeneration, type Generation } from './generation';
import { withRetry } from './withRetry';

const GENERATIONS_PATH = '/v2/video/generations';

export type CallResult = { ok: true; generation: Generation } | { ok: false; failure: HttpFailure };

function unreadable(answer: unknown): HttpFailure {
	return {
		status: 200,
		aborted: false,
		body: { answer: answer as JsonObject },
		text: `The AIML API answered without a generation ID: ${JSON.stringify(answer)?.slice(0, 500)}`,
	};
}

/** Only a refusal the API gave before taking the job is safe to send again: never a 5xx or a dropped connection. */
function refusedBeforeAcceptance(failure: HttpFailure): boolean {
	return failure.status === 429 || failure.networkCode === 'ECONNREFUSED';
}

/** Starts one generation. Never repeated once the API may have accepted it, since that would bill twice. */
export async function submitGeneration(
	context: IExecuteFunctions,
	body: IDataObject,
	clientRequestId: string,
): Promise<CallResult> {
	const result = await withRetry(
		context,
		async () =>
			await aimlApiRequest<unknown>(context, {
				method: 'POST',
				path: GENERATIONS_PATH,
				body,
				// The API keeps it in its Usage Logs next to the generation ID.
				headers: { 'X-Client-Request-Id': clientRequestId },
			}),
		refusedBeforeAcceptance,
	);
	if (!result.ok) return result;
	const generation = parseGeneration(result.value);
	return generation ? { ok: true, generation } : { ok: false, failure: unreadable(result.value) };
}

/** Reads one generation's state, retrying 429, 5xx and dropped connections with backoff. */
export async function fetchGeneration(
	context: IExecuteFunctions,
	generationId: string,
): Promise<CallResult> {
	const result = await withRetry(
		context,
		async () =>
			await aimlApiRequest<unknown>(context, {
				method: 'GET',
				path: GENERATIONS_PATH,
				qs: { generation_id: generationId },
			}),
		isTransient,
	);
	if (!result.ok) return result;
	const generation = parseGeneration(result.value, generationId);
	return generation ? { ok: true, generation } : { ok: false, failure: unreadable(result.value) };
}
