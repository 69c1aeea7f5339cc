import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

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

/** One authenticated call to the AIML API; throws n8n's request error untouched for the caller to classify. */
export async function aimlApiRequest<T>(
	context: IExecuteFunctions,
	request: AimlApiRequest,
): Promise<T> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPE);
	const baseUrl = (credentials.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
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
