import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import type { HttpFailure } from './failure';

interface ErrorContext {
	itemIndex: number;
	/** What the node was doing, e.g. "Submitting the generation". */
	action: string;
	/** Set once the API has accepted a generation, so the user never loses it. */
	generationId?: string;
	/** The call started a paid job, so it is never repeated when the API may have taken it. */
	submission?: boolean;
	/** The submission may have started the video although no ID came back. */
	fateUnknown?: boolean;
	/** The X-Client-Request-Id the submission carried: the Usage Logs list it next to the generation. */
	clientRequestId?: string;
}

function explain(failure: HttpFailure): { message: string; description: string } {
	const apiText = failure.text;
	switch (failure.status) {
		case 400:
			return {
				message: `The AIML API rejected the request: ${apiText}`,
				description: 'Check the field named in the message, then run the node again.',
			};
		case 401:
			return {
				message: 'The AIML API key was refused',
				description:
					'Open the AIML API credential and paste a valid key from the AIML API dashboard. The API said: ' +
					apiText,
			};
		case 403:
			return {
				message:
					'The AIML API refused the request: out of credits, or the key may not use this model',
				description: `Top up your balance in the AIML API dashboard, or allow video models for this key. The API said: ${apiText}`,
			};
		case 404:
			return {
				message: `The AIML API found nothing here: ${apiText}`,
				description: 'Check the generation ID (copy it from the output of the submitting node).',
			};
		case 429:
			return {
				message: 'The AIML API is rate limiting this key (429 Too Many Requests)',
				description:
					'The node slowed down and kept trying until Max Wait. Lower "Max Requests per Second" in Options, run fewer items at once, or wait a minute. The API said: ' +
					apiText,
			};
		default:
			if (failure.status !== undefined && failure.status >= 500) {
				return {
					message: `The AIML API had a server error (${failure.status}): ${apiText}`,
					description: 'This is on the API side. Try again in a few minutes.',
				};
			}
			if (failure.status !== undefined) {
				return { message: `The AIML API answered ${failure.status}: ${apiText}`, description: '' };
			}
			return {
				message: `Could not reach the AIML API (${failure.networkCode ?? 'no answer'})`,
				description: `Check the Base URL in the credential and the network. Detail: ${apiText}`,
			};
	}
}

interface ErrorText {
	itemIndex: number;
	httpCode?: string;
	message: string;
	description: string;
}

/**
 * A NodeApiError that keeps our message: n8n swaps a message naming a network code (ECONNRESET,
 * ETIMEDOUT) for its generic advice to retry or turn on "Retry On Fail", which would bill a
 * submission twice.
 */
export function apiErrorWithMessage(
	node: INode,
	response: JsonObject,
	text: ErrorText,
): NodeApiError {
	const error = new NodeApiError(node, response, text);
	error.message = text.message;
	return error;
}

/** Turns an HTTP failure into the error the user sees, with the generation ID whenever there is one. */
export function toNodeApiError(
	node: INode,
	failure: HttpFailure,
	context: ErrorContext,
): NodeApiError {
	const { message, description } = explain(failure);
	const idNote = context.generationId
		? ` The generation ${context.generationId} may still be running: resume it with the Get Generation operation.`
		: '';
	const submissionNote =
		context.submission && context.fateUnknown
			? ' It was sent once and not retried: the API may have started the video anyway, and sending it again could have it billed twice. ' +
				(context.clientRequestId
					? `The node looked for its client request ID ${context.clientRequestId} in the API's Usage Logs and did not find it yet; look for it in the Usage Logs of the AIML API dashboard (or with the List Generations operation) before running the node again.`
					: 'Check your usage in the AIML API dashboard before running the node again.')
			: '';
	const response: JsonObject = {
		message,
		...(failure.status !== undefined ? { httpCode: String(failure.status) } : {}),
		...(failure.body ? { apiResponse: failure.body } : {}),
		...(context.generationId ? { generationId: context.generationId } : {}),
	};
	const fullMessage = context.generationId
		? `${message} (generation ${context.generationId})`
		: message;
	return apiErrorWithMessage(node, response, {
		itemIndex: context.itemIndex,
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		message: fullMessage,
		description: `${context.action} failed. ${description}${submissionNote}${idNote}`.trim(),
	});
}
