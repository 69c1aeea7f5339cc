import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

export class AimlApiWanVideoApi implements ICredentialType {
	// A distinct name: other AIML packages already register `aimlApi`, and the last loaded type wins.
	name = 'aimlApiWanVideoApi';

	displayName = 'AIML API';

	icon: Icon = { light: 'file:aimlapi.svg', dark: 'file:aimlapi.dark.svg' };

	documentationUrl = 'https://docs.aimlapi.com/quickstart/setting-up';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your key from the AIML API dashboard (Key Management)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.aimlapi.com',
			description: 'Change only to go through a proxy or a local test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// The balance endpoint is free, changes nothing, and answers 401 to a bad key.
	// A cleared Base URL means the default, as it does for the node's own requests.
	// A redirect is not followed: n8n would send the key along to wherever it points.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{(($credentials.baseUrl || "").trim() || "https://api.aimlapi.com").replace(/\\/+$/, "")}}',
			url: '/v2/billing',
			method: 'GET',
			disableFollowRedirect: true,
		},
		rules: REDIRECT_STATUSES.map((value) => ({
			type: 'responseCode' as const,
			properties: {
				value,
				message:
					'The Base URL redirects to another address, and the key is not sent on redirects. Enter the address it redirects to as the Base URL.',
			},
		})),
	};
}
