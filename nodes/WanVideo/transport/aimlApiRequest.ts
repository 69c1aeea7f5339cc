import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
} from 'n8n-workflow';

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
	if (!(await budget.take(context))) {
		// Never sent: the caller may treat it as refused, not as a submission of unknown fate.
		throw Object.assign(
			new NodeOperationError(
				context.getNode(),
				'The execution was cancelled before the request was sent',
			),
			{ code: 'ERR_CANCELED', notSent: true },
		);
	}
	const sent = send<T>(context, baseUrl, request);
	// The run's pace follows every answer; the caller still gets the answer or the error as it is.
	sent.then(
		() => budget.answered(),
		(error: unknown) => {
			const failure = readHttpFailure(error);
			if (failure.status === 429) budget.rateLimited(failure.retryAfterMs);
		},
	);
	return await sent;
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
