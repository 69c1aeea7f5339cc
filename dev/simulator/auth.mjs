/** Whether the request carries `Authorization: Bearer <key>` with an accepted key. */
export function isAuthorized(simulator, req) {
	const header = req.headers.authorization;
	const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
	return Boolean(match && simulator.validKeys.has(match[1].trim()));
}
