/** Error messages worded like the real API's. */
export const MESSAGES = {
	unauthorized:
		'This request requires a valid API key. Please provide your API key in the Authorization header as "Bearer <YOUR_API_KEY>". You can get an API key at https://aimlapi.com/app/keys',
	noCredits:
		"You've run out of credits. Please top up your balance or update your payment method to continue.",
	tooManyRequests: 'Too Many Requests',
	internal: 'Internal server error. Please try again later.',
	notFound: 'Generation not found',
	moderation:
		'The request was rejected by content moderation: the prompt or input may contain inappropriate content.',
	expiredLink: 'Request has expired',
};
