import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * Path of a stored binary. Accepts the binary object of an item or its id
 * ("filesystem-v2:workflows/<wf>/executions/<exec>/binary_data/<uuid>"). n8n 2.x keeps
 * these under $N8N_USER_FOLDER/.n8n/storage (next to a "<uuid>.metadata" JSON file).
 */
export function resolveBinaryDataPath(home, binaryOrId) {
	const id = typeof binaryOrId === 'string' ? binaryOrId : binaryOrId?.id;
	if (!id) throw new Error('binary data has no id (stored inline as base64?); use readBinaryData');
	const separator = id.indexOf(':');
	const mode = id.slice(0, separator);
	const fileId = id.slice(separator + 1);
	if (mode !== 'filesystem-v2' && mode !== 'filesystem')
		throw new Error(`binary data mode ${mode} is not stored on the filesystem`);
	const resolved = path.resolve(home.storageDir, fileId);
	if (path.relative(home.storageDir, resolved).startsWith('..'))
		throw new Error(`binary id escapes the storage dir: ${id}`);
	return resolved;
}

/** Bytes of a binary (filesystem mode or inline base64). */
export async function readBinaryData(home, binary) {
	if (binary?.id) return fsp.readFile(resolveBinaryDataPath(home, binary));
	if (typeof binary?.data === 'string') return Buffer.from(binary.data, 'base64');
	throw new Error('not a binary data object');
}
