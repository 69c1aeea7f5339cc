// The example workflows in examples/, and how the demo and the end-to-end tests adapt them
// to a local run: file paths moved into given folders, short waits for the simulator.
//
// The examples themselves stay as users import them: credentials referenced by type and
// the placeholder name below, files under /home/node/.n8n-files (n8n's default allowed
// folder in the Docker image).

import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** Name of the credential the examples point at (by type and name, with no ID). */
export const EXAMPLE_CREDENTIAL_NAME = 'AIML API account';
export const CREDENTIAL_TYPE = 'aimlApiWanVideoApi';
export const NODE_TYPE = 'n8n-nodes-wan-video.wanVideo';

/** Where the examples read and write files. */
export const EXAMPLE_FILES_DIR = '/home/node/.n8n-files';
export const EXAMPLE_OUTPUT_DIR = `${EXAMPLE_FILES_DIR}/wan-video`;

export const EXAMPLES = {
	'spreadsheet-rows-to-videos': 'spreadsheet-rows-to-videos.json',
	'submit-wait-get-generation': 'submit-wait-get-generation.json',
	'image-to-video-from-file': 'image-to-video-from-file.json',
	'first-and-last-frames-to-wan-3-videos': 'first-and-last-frames-to-wan-3-videos.json',
	'recover-paid-videos': 'recover-paid-videos.json',
};

/** Operations whose Wait for Completion is off unless the workflow turns it on. */
const CHECK_ONCE_BY_DEFAULT = ['getGeneration', 'listGenerations'];

/** Reads one example by its name (file name without .json). */
export async function loadExample(name) {
	const file = EXAMPLES[name];
	if (!file)
		throw new Error(
			`unknown example "${name}"; choose one of: ${Object.keys(EXAMPLES).join(', ')}`,
		);
	return JSON.parse(await fs.readFile(path.join(EXAMPLES_DIR, file), 'utf8'));
}

function replaceInStrings(value, replace) {
	if (typeof value === 'string') return replace(value);
	if (Array.isArray(value)) return value.map((entry) => replaceInStrings(entry, replace));
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, replaceInStrings(entry, replace)]),
		);
	return value;
}

/**
 * A copy of an example set up for a local run.
 * @param {object} workflow                      an example as loaded by loadExample
 * @param {object} options
 * @param {string} options.outputDir             replaces /home/node/.n8n-files/wan-video
 * @param {string} options.inputDir              replaces /home/node/.n8n-files (files the examples read)
 * @param {number} [options.waitSeconds]         Wait node amount (seconds)
 * @param {number} [options.pollIntervalSeconds] Wan Video "Check Interval" of nodes that wait
 * @param {{ id: string, name: string }} [options.credential]  bind the Wan Video nodes to this credential
 * @param {string} [options.name]                workflow name
 */
export function adaptExample(
	workflow,
	{ outputDir, inputDir, waitSeconds, pollIntervalSeconds, credential, name } = {},
) {
	const copy = structuredClone(workflow);
	if (name) copy.name = name;
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.readWriteFile') {
			node.parameters = replaceInStrings(node.parameters, (text) => {
				let result = text;
				if (outputDir) result = result.split(EXAMPLE_OUTPUT_DIR).join(outputDir);
				if (inputDir) result = result.split(EXAMPLE_FILES_DIR).join(inputDir);
				return result;
			});
		}
		if (node.type === 'n8n-nodes-base.wait' && waitSeconds !== undefined) {
			node.parameters = { ...node.parameters, amount: waitSeconds, unit: 'seconds' };
		}
		if (node.type === NODE_TYPE) {
			const waits = CHECK_ONCE_BY_DEFAULT.includes(node.parameters.operation)
				? node.parameters.waitForCompletion === true
				: node.parameters.waitForCompletion !== false;
			if (waits && pollIntervalSeconds !== undefined) {
				node.parameters.options = { ...node.parameters.options, pollIntervalSeconds };
			}
			if (credential) node.credentials = { [CREDENTIAL_TYPE]: { ...credential } };
		}
	}
	return copy;
}

/** Nodes of a workflow by type. */
export function nodesOfType(workflow, type) {
	return workflow.nodes.filter((node) => node.type === type);
}

/**
 * n8n 2.x lets file nodes touch only the folders in N8N_RESTRICT_FILE_ACCESS_TO (";"-separated,
 * default ~/.n8n-files). The folders must exist: n8n compares real paths.
 */
export async function fileAccessEnv(dirs) {
	const real = [];
	for (const dir of dirs) {
		await fs.mkdir(dir, { recursive: true });
		real.push(await fs.realpath(dir));
	}
	return { N8N_RESTRICT_FILE_ACCESS_TO: real.join(';') };
}
