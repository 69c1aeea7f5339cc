import { sendJson } from '../responses.mjs';

/** GET /v2/billing: the balance, reduced by the completed generations. */
export function handleBilling(simulator, req, res) {
	simulator.state.billingChecks += 1;
	return sendJson(simulator, res, 200, {
		current_balance: Math.round(simulator.balance * 1e6) / 1e6,
		currency: 'USD',
	});
}
