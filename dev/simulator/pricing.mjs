import { MODELS } from './contract.mjs';

/** Credits per USD, derived from the documented sample runs (3,900,000 credits = 1.95 USD). */
export const CREDITS_PER_USD = 2_000_000;

/** Credits per second at 1080p where a documented run says other than 315,000 (Wan 2.6). */
const CREDITS_PER_SECOND_1080P = {
	// 10 s at 1080p cost 3,900,000 credits in the documented 2.7 runs.
	'alibaba/wan-2-7-t2v': 390_000,
	'alibaba/wan-2-7-i2v': 390_000,
	'alibaba/wan-2-7-r2v': 390_000,
};

/**
 * Credits a generation costs: per second, a third less below 1080p, halved for the flash model.
 * The duration is the one sent, or the model's own default.
 */
export function creditsFor(model, body) {
	const spec = MODELS[model];
	const resolution = body.resolution ?? spec.defaultResolution;
	const duration = body.duration ?? spec.defaultDuration ?? 10;
	const at1080p = CREDITS_PER_SECOND_1080P[model] ?? 315_000;
	const perSecond = (resolution === '1080p' ? at1080p : (at1080p * 2) / 3) / (spec.flash ? 2 : 1);
	return Math.round(perSecond * duration);
}

/** The API's cost headers for an answer that reports `creditsUsed` (request-tracing-and-cost.md). */
export function costHeaders(creditsUsed) {
	return {
		'x-aimlapi-credits-used': String(creditsUsed),
		// The documented form: a decimal with nine places, e.g. "0.001240000".
		'x-aimlapi-usd-spent': (creditsUsed / CREDITS_PER_USD).toFixed(9),
	};
}
