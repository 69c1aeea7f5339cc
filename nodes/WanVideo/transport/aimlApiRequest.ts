import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { readHttpFailure } from './failure';
import { requestBudgetOf } from './requestBudget';

export const CREDENTIAL_TYPE = 'aimlApiWanVideoApi';

const DEFAULT_BASE_URL = 'https://api.aimlapi.com';
const REQUEST_TIMEOUT_MS = 60_000;

export interface AimlApiRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	headers?: IDataObject;
}

/** Thrown instead of sending a call when the execution was cancelled while it waited for its turn. */
export class CancelledBeforeSendingError extends Error {
	readonly code = 'ERR_CANCELED';
	readonly notSent = true;
	constructor() {
		super('The execution was cancelled before the request was sent');
	}
}

/**
 * One authenticated call to the AIML API, in its turn of the run's request budget; throws
 * n8n's request error untouched for the caller to classify.
 */
export async function aimlApiRequest<T>(
	context: IExecuteFunctions,
	request: AimlApiRequest,
): Promise<T> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPE);
	const baseUrl = (credentials.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const budget = requestBudgetOf(context);
	if (!(await budget.take(context))) throw new CancelledBeforeSendingError();
	try {
		const answer = await send<T>(context, baseUrl, request);
		budget.answered();
		return answer;
	} catch (error) {
		const failure = readHttpFailure(error);
		if (failure.status === 429) budget.rateLimited(failure.retryAfterMs);
		throw error;
	}
}

async function send<T>(
	context: IExecuteFunctions,
	baseUrl: string,
	request: AimlApiRequest,
): Promise<T> {
	return (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		...(request.headers ? { headers: request.headers } : {}),
		json: true,
		timeout: REQUEST_TIMEOUT_MS,
		// The key must never follow a redirect to another host.
		sendCredentialsOnCrossOriginRedirect: false,
		abortSignal: context.getExecutionCancelSignal(),
	})) as T;
}
