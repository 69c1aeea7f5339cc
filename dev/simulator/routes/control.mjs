import { resetSimulator } from '../context.mjs';
import { sendError, sendJson } from '../responses.mjs';

/** GET /__sim/state and POST /__sim/reset, for callers in another process. No auth. */
export function handleControl(simulator, req, res, pathname) {
	if (pathname === '/__sim/state') return sendJson(simulator, res, 200, simulator.state);
	if (pathname === '/__sim/reset' && req.method === 'POST') {
		resetSimulator(simulator);
		return sendJson(simulator, res, 200, { ok: true });
	}
	return sendError(simulator, req, res, 404, 'Not Found');
}
