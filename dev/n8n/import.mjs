import fsp from 'node:fs/promises';
import path from 'node:path';

import { randomN8nId } from './ids.mjs';
import { runN8n } from './runN8n.mjs';

async function writeImportFile(home, prefix, content) {
	const file = path.join(home.importDir, `${prefix}-${Date.now()}-${randomN8nId(6)}.json`);
	await fsp.writeFile(file, JSON.stringify(content, null, 2));
	return file;
}

/** Runs `n8n <command> --input=<file>`; throws unless n8n's log reports a successful import. */
async function runImport(home, command, file) {
	const result = await runN8n(home, [command, `--input=${file}`], { allowFailure: false });
	if (!result.logs.some((entry) => /Successfully imported/.test(entry.message))) {
		throw Object.assign(
			new Error(
				`${command} did not report success:\n${result.logs.map((e) => e.message).join('\n')}`,
			),
			result,
		);
	}
}

/**
 * Imports credentials with `n8n import:credentials`. Plain `data` objects are encrypted
 * with the home's key on import. Missing ids and names are filled in.
 * @param {object} home
 * @param {Array<{ id?: string, name?: string, type: string, data: object }>} credentials
 * @returns {Promise<Array<{ id: string, name: string, type: string }>>}
 */
export async function importCredentials(home, credentials) {
	const list = credentials.map((credential, index) => ({
		...credential,
		id: credential.id ?? randomN8nId(),
		name: credential.name ?? `${credential.type} ${index + 1}`,
	}));
	const file = await writeImportFile(home, 'credentials', list);
	await runImport(home, 'import:credentials', file);
	return list.map(({ id, name, type }) => ({ id, name, type }));
}

/**
 * Imports one workflow (or an array) with `n8n import:workflow`. Fills in id, name,
 * active: false, settings.executionOrder 'v1' and empty connections when missing.
 * @returns {Promise<{ id: string, name: string }>} (an array when given an array)
 */
export async function importWorkflow(home, workflowJson) {
	const many = Array.isArray(workflowJson);
	const list = (many ? workflowJson : [workflowJson]).map((workflow, index) => ({
		name: `Workflow ${index + 1}`,
		active: false,
		connections: {},
		settings: { executionOrder: 'v1' },
		...workflow,
		id: workflow.id ?? randomN8nId(),
	}));
	const file = await writeImportFile(home, 'workflow', many ? list : list[0]);
	await runImport(home, 'import:workflow', file);
	const ids = list.map(({ id, name }) => ({ id, name }));
	return many ? ids : ids[0];
}
