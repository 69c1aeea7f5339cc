/**
 * Runs a node through n8n-core's real execution engine (`WorkflowExecute`).
 *
 * The workflow built for every call is `Input` (a passthrough node that emits the
 * given input items) -> node under test. Parameters are resolved by the real
 * expression engine, credentials go through a credentials helper that applies the
 * credential type's `authenticate` block like the n8n server does, binary data is
 * stored by the real `BinaryDataService` (filesystem mode in a temporary folder by
 * default) and HTTP goes through n8n-core's real request helpers, so it can be
 * mocked with nock.
 *
 * Written as plain JavaScript because the lint rules for `.ts` files forbid Node
 * built-ins, which this file needs. Types live in `executeNode.d.mts`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import {
	BinaryDataService,
	BinaryDataConfig,
	Credentials,
	ErrorReporter,
	ExecutionLifecycleHooks,
	WorkflowExecute,
	getAdditionalKeys,
	prepareBinaryData,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	isExpression,
} from 'n8n-workflow';

const require = createRequire(import.meta.url);

// n8n-core resolves its services through its own copy of `@n8n/di` (other copies of
// that package exist in node_modules, each with a separate container), so the
// container must be loaded from n8n-core's location.
const coreRequire = createRequire(require.resolve('n8n-core'));
const { Container } = coreRequire('@n8n/di');
const { Logger } = coreRequire('@n8n/backend-common');

// Kept before any test can install fake timers.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

const packageName = require('../../package.json').name;

export const INPUT_NODE_NAME = 'Input';
export const DEFAULT_NODE_NAME = 'Node Under Test';
const INPUT_NODE_TYPE = 'n8n-nodes-test-harness.input';

/* ------------------------------------------------------------------------------------------------
 * Process wide setup (once per test file / worker)
 * --------------------------------------------------------------------------------------------- */

let environment;

function setupEnvironment() {
	if (environment) return environment;

	// dev/harness/globalSetup.mjs normally provides the folder (and removes it at the
	// end of the run); this fallback covers runs without it.
	let rootDir = process.env.N8N_NODE_TEST_ROOT;
	if (!rootDir) {
		rootDir = mkdtempSync(path.join(tmpdir(), 'n8n-node-test-'));
		process.env.N8N_NODE_TEST_ROOT = rootDir;
		process.once('exit', () => rmSync(rootDir, { recursive: true, force: true }));
	}

	// n8n-core's InstanceSettings reads these when first used: keep everything it
	// writes inside the temporary folder, never in a real ~/.n8n.
	process.env.N8N_USER_FOLDER = rootDir;
	process.env.N8N_ENCRYPTION_KEY ??= 'n8n-node-test-harness-encryption-key';
	process.env.N8N_LOG_LEVEL ??= 'silent';

	const binaryDataConfig = Object.assign(Object.create(BinaryDataConfig.prototype), {
		mode: 'filesystem',
		availableModes: ['filesystem'],
		localStoragePath: path.join(rootDir, 'binaryData'),
		signingSecret: 'n8n-node-test-harness-signing-secret',
		dbMaxFileSize: 512,
	});
	Container.set(BinaryDataConfig, binaryDataConfig);

	const binaryDataService = new BinaryDataService(
		binaryDataConfig,
		Container.get(ErrorReporter),
		Container.get(Logger),
	);
	Container.set(BinaryDataService, binaryDataService);

	environment = {
		rootDir,
		binaryDataConfig,
		binaryDataService,
		ready: binaryDataService.init(),
	};
	return environment;
}

/* ------------------------------------------------------------------------------------------------
 * Node types
 * --------------------------------------------------------------------------------------------- */

/** Passthrough node feeding the input items into the node under test. */
const inputNodeType = {
	description: {
		displayName: 'Test Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Emits the items given to executeNode()',
		defaults: { name: INPUT_NODE_NAME },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

function latestVersion(nodeType) {
	if ('nodeVersions' in nodeType) {
		return nodeType.currentVersion ?? nodeType.description.defaultVersion;
	}
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * Wraps a node type so the error instance thrown by `execute` (or a custom
 * operation) can be handed back to the test: the engine itself only keeps a
 * plain-object copy of it in the run data.
 */
function wrapNodeType(nodeType, onError) {
	const wrapped = Object.create(nodeType);
	const wrap = (fn) =>
		async function (...args) {
			try {
				return await fn.apply(this, args);
			} catch (error) {
				onError(error);
				throw error;
			}
		};
	if (typeof nodeType.execute === 'function') wrapped.execute = wrap(nodeType.execute);
	if (nodeType.customOperations) {
		wrapped.customOperations = Object.fromEntries(
			Object.entries(nodeType.customOperations).map(([resource, operations]) => [
				resource,
				Object.fromEntries(Object.entries(operations).map(([op, fn]) => [op, wrap(fn)])),
			]),
		);
	}
	return wrapped;
}

/**
 * The node as an AI Agent before version 3 runs it on n8n 2.x, through a sub-node context: the
 * same execute, with `this.isToolExecution()` true.
 */
function asSubNodeTool(nodeType) {
	const tool = Object.create(nodeType);
	tool.execute = async function (...args) {
		this.isToolExecution = () => true;
		return await nodeType.execute.apply(this, args);
	};
	return tool;
}

class TestNodeTypes {
	constructor(types, onError) {
		this.types = types;
		this.onError = onError;
		this.cache = new Map();
	}

	getByName(type) {
		const nodeType = this.types[type];
		if (!nodeType) throw new Error(`Unknown node type "${type}" in test workflow`);
		return nodeType;
	}

	getByNameAndVersion(type, version) {
		const key = `${type}@${version}`;
		if (!this.cache.has(key)) {
			const resolved = NodeHelpers.getVersionedNodeType(this.getByName(type), version);
			this.cache.set(
				key,
				type === INPUT_NODE_TYPE ? resolved : wrapNodeType(resolved, this.onError),
			);
		}
		return this.cache.get(key);
	}

	getKnownTypes() {
		return {};
	}
}

/* ------------------------------------------------------------------------------------------------
 * Credentials
 * --------------------------------------------------------------------------------------------- */

/**
 * Mirrors what the n8n server's CredentialsHelper does for a node execution:
 * fills credential property defaults, resolves expressions in credential values,
 * applies the credential type's `authenticate` (function or generic block, with
 * `={{$credentials.x}}` expressions resolved), and runs `preAuthentication` for
 * expirable credentials. Stored data lives in memory instead of a database.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(credentialTypes, credentialsData) {
		super();
		/** @type {Record<string, import('n8n-workflow').ICredentialType>} */
		this.credentialTypes = credentialTypes;
		/** @type {Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>} */
		this.credentialsData = credentialsData;
		/** Calls made by the engine, for assertions. */
		this.calls = { authenticate: 0, preAuthentication: 0, getDecrypted: 0 };
	}

	getCredentialType(typeName) {
		const type = this.credentialTypes[typeName];
		if (!type) throw new Error(`Unknown credential type "${typeName}" in test`);
		return type;
	}

	getParentTypes(typeName) {
		const type = this.credentialTypes[typeName];
		if (!type?.extends) return [];
		return type.extends.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType, nodeType) {
		const type = this.credentialTypes[credentialType];
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some(
			(name) => name === nodeType || nodeType.endsWith(`.${name}`),
		);
	}

	getCredentialsProperties(typeName) {
		const type = this.getCredentialType(typeName);
		if (!type.extends) return type.properties;
		const combined = [];
		for (const parent of type.extends) {
			if (this.credentialTypes[parent]) {
				NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
			}
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		this.calls.authenticate++;
		const { authenticate } = this.getCredentialType(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (typeof authenticate === 'object') {
			if (!workflow || !node) {
				throw new Error('Workflow and node are required for declarative credential authentication');
			}
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue)) {
						const keyResolved = resolveValue(key, credentials, workflow, node);
						const valueResolved = resolveValue(value, credentials, workflow, node);
						requestOptions[outerKey] ??= {};
						requestOptions[outerKey][keyResolved] = valueResolved;
					}
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		this.calls.preAuthentication++;
		const type = this.getCredentialType(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined || typeof type.preAuthentication !== 'function') {
			return undefined;
		}
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output?.[expirable.name] === undefined) return undefined;
		this.credentialsData[typeName] = { ...this.credentialsData[typeName], ...output };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const type = this.getCredentialType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) ?? undefined;
	}

	async getCredentials(nodeCredentials, type) {
		const credentials = new Credentials(nodeCredentials, type);
		await credentials.setData(this.credentialsData[type] ?? {});
		return credentials;
	}

	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		this.calls.getDecrypted++;
		const stored = this.credentialsData[type];
		if (stored === undefined) {
			throw new Error(`No test credentials of type "${type}" were given to executeNode()`);
		}
		const data = structuredClone(stored);
		if (raw === true) return data;

		let decrypted = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data,
			true,
			false,
			null,
			null,
		);
		if (stored.oauthTokenData !== undefined) decrypted.oauthTokenData = stored.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			try {
				decrypted = expressionResolveValues.workflow.expression.getParameterValue(
					decrypted,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decrypted,
				);
			} catch (error) {
				error.message += ' [Error resolving credentials]';
				throw error;
			}
		}
		return decrypted;
	}

	async updateCredentials(_nodeCredentials, type, data) {
		this.credentialsData[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(_nodeCredentials, type, data) {
		this.credentialsData[type] = {
			...this.credentialsData[type],
			oauthTokenData: data.oauthTokenData,
		};
	}
}

function resolveValue(value, credentials, workflow, node) {
	if (!isExpression(value)) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? resolved.toString() : '';
}

/* ------------------------------------------------------------------------------------------------
 * Binary data
 * --------------------------------------------------------------------------------------------- */

function isBinaryPayload(value) {
	return Buffer.isBuffer(value) || value instanceof Uint8Array || value instanceof Readable;
}

/**
 * Input binary entries given with `data` as a Buffer, Uint8Array or Readable are
 * stored through n8n-core's prepareBinaryData (the helper nodes use), so they end
 * up in the BinaryDataService exactly like binary produced by an upstream node.
 * Entries whose `data` is a base64 string are kept as-is (n8n's inline form).
 */
async function prepareInputItems(items, { workflowId, executionId }) {
	return await Promise.all(
		items.map(async (item) => {
			if (!item.binary) return { ...item };
			const binary = {};
			for (const [key, entry] of Object.entries(item.binary)) {
				if (!isBinaryPayload(entry.data)) {
					binary[key] = { ...entry };
					continue;
				}
				const { data, ...metadata } = entry;
				const payload = data instanceof Readable ? data : Buffer.from(data);
				const stored = await prepareBinaryData(
					payload,
					executionId,
					workflowId,
					metadata.fileName,
					metadata.mimeType,
				);
				binary[key] = { ...stored, ...metadata };
			}
			return { ...item, binary };
		}),
	);
}

/**
 * Returns the bytes of `item.binary[property]`, wherever the BinaryDataService
 * stored them (filesystem or inline base64).
 */
export async function readBinary(item, property = 'data') {
	const binaryData = item?.binary?.[property];
	if (!binaryData) {
		throw new Error(`Item has no binary property "${property}"`);
	}
	const { binaryDataService, ready } = setupEnvironment();
	await ready;
	return await binaryDataService.getAsBuffer(binaryData);
}

/* ------------------------------------------------------------------------------------------------
 * executeNode
 * --------------------------------------------------------------------------------------------- */

function toArray(value) {
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

/** @type {import('./executeNode.d.mts').executeNode} */
export async function executeNode(options) {
	const {
		nodeType,
		credentialType,
		credentials,
		parameters = {},
		inputItems = [{ json: {} }],
		continueOnFail = false,
		onError,
		nodeName = DEFAULT_NODE_NAME,
		nodeTypeName = `${packageName}.${nodeType.description.name}`,
		typeVersion = latestVersion(nodeType),
		nodeOverrides = {},
		workflowSettings = {},
		mode = 'manual',
		binaryDataMode = 'filesystem',
		abortSignal,
		cancelAfterMs,
		executionTimeoutMs,
		runAsTool,
		workflowId = `test-workflow-${randomUUID()}`,
		executionId = `${Date.now()}${Math.floor(Math.random() * 1e6)}`,
	} = options;

	const env = setupEnvironment();
	await env.ready;
	env.binaryDataService.mode = binaryDataMode === 'default' ? 'default' : 'filesystem-v2';

	// Credentials: `credentials` is the data of `credentialType` when a single type is
	// given, or a map of type name -> data when several are.
	const credentialTypeList = toArray(credentialType);
	const credentialTypes = Object.fromEntries(credentialTypeList.map((type) => [type.name, type]));
	let credentialsByType = {};
	if (credentials !== undefined) {
		credentialsByType =
			credentialTypeList.length === 1 && !(credentialTypeList[0].name in credentials)
				? { [credentialTypeList[0].name]: credentials }
				: credentials;
	}
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, { ...credentialsByType });

	let thrownError;
	const nodeTypes = new TestNodeTypes(
		{
			[INPUT_NODE_TYPE]: inputNodeType,
			[nodeTypeName]: runAsTool === 'subNode' ? asSubNodeTool(nodeType) : nodeType,
		},
		(error) => {
			thrownError = error;
		},
	);

	/** @type {import('n8n-workflow').INode} */
	const testedNode = {
		id: randomUUID(),
		name: nodeName,
		type: nodeTypeName,
		typeVersion,
		position: [200, 0],
		parameters,
		...(Object.keys(credentialsByType).length > 0 && {
			credentials: Object.fromEntries(
				Object.keys(credentialsByType).map((type, index) => [
					type,
					{ id: String(index + 1), name: `Test ${type}` },
				]),
			),
		}),
		...(continueOnFail && { onError: 'continueRegularOutput' }),
		...(onError && { onError }),
		// How a tool called by an AI Agent from version 3 runs: the engine runs the node and files its
		// output under ai_tool, for the agent to read.
		...(runAsTool === 'engine' && { rewireOutputLogTo: 'ai_tool' }),
		...nodeOverrides,
	};
	const inputNode = {
		id: randomUUID(),
		name: INPUT_NODE_NAME,
		type: INPUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};

	const workflow = new Workflow({
		id: workflowId,
		name: 'Test workflow',
		nodes: [inputNode, testedNode],
		connections: {
			[INPUT_NODE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
		},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1', ...workflowSettings },
	});

	const items = await prepareInputItems(inputItems, {
		workflowId,
		executionId,
	});

	const workflowData = {
		id: workflowId,
		name: 'Test workflow',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflow.nodes ? Object.values(workflow.nodes) : [],
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const nodeExecutionOrder = [];
	hooks.addHandler('nodeExecuteAfter', (name) => {
		nodeExecutionOrder.push(name);
	});

	const additionalData = {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		userId: 'test-user',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		currentNodeExecutionIndex: 0,
		executionTimeoutTimestamp:
			executionTimeoutMs !== undefined ? Date.now() + executionTimeoutMs : undefined,
		executeWorkflow: async () => {
			throw new Error('executeWorkflow is not supported by the test harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not supported by the test harness');
		},
	};

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: inputNode, data: { main: [items] }, source: null }],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const runPromise = workflowExecute.processRunExecutionData(workflow);

	// Cancellation: cancelling the run aborts WorkflowExecute's AbortController, which
	// is the signal nodes get from this.getExecutionCancelSignal().
	let cancelled = false;
	const cancel = () => {
		if (cancelled) return;
		cancelled = true;
		runPromise.cancel();
	};
	const onAbort = () => cancel();
	if (abortSignal?.aborted) {
		queueMicrotask(cancel);
	} else {
		abortSignal?.addEventListener('abort', onAbort, { once: true });
	}
	const cancelTimer =
		cancelAfterMs !== undefined ? realSetTimeout(cancel, cancelAfterMs) : undefined;

	let run;
	try {
		run = await runPromise;
	} finally {
		abortSignal?.removeEventListener('abort', onAbort);
		if (cancelTimer !== undefined) realClearTimeout(cancelTimer);
	}

	const { runData } = run.data.resultData;
	const taskData = runData[nodeName]?.[0];
	const outputs = (taskData?.data?.main ?? taskData?.data?.ai_tool ?? []).map(
		(output) => output ?? [],
	);

	return {
		outputs,
		error: taskData?.error ? (thrownError ?? taskData.error) : undefined,
		runError: run.data.resultData.error,
		status: run.status,
		cancelled,
		run,
		runData,
		taskData,
		node: workflow.getNode(nodeName),
		nodeExecutionOrder,
		credentialsHelper,
	};
}

/**
 * Records what nodes log at info level through n8n's logger, until the returned stop() is called.
 * @returns {{ lines: Array<{ message: string, metadata: object }>, stop: () => void }}
 */
export function captureInfoLogs() {
	const logger = Container.get(Logger);
	const original = logger.info;
	const lines = [];
	logger.info = function (message, metadata = {}) {
		lines.push({ message, metadata });
		return original.call(this, message, metadata);
	};
	return { lines, stop: () => (logger.info = original) };
}
