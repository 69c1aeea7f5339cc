#!/usr/bin/env node
// Editor screenshots of the Wan Video node in a real n8n, with UI assertions.
//
// Packs this package, installs it into a throwaway n8n home as a community package, starts
// the n8n editor and the local AIML API simulator, then drives Chromium through the node
// picker, every operation's parameter panel and one executed workflow. PNGs land in one
// folder; the process exits non-zero when any assertion fails.
//
//   npm run screenshots                      -> screenshots/ (git-ignored)
//   npm run screenshots -- --docs            -> docs/screenshots/ (for the README)
//   npm run screenshots -- --out <dir>       -> any folder (or WAN_VIDEO_SCREENSHOTS_DIR)
//   options: --no-build (pack the current dist/), --keep (keep the n8n home for debugging)
//
// Needs: /usr/bin/chromium (installed with apt-get when missing) and playwright-core
// (installed into the runtime cache, outside the repository, when missing).

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import {
	REPO_ROOT,
	createN8nHome,
	ensureN8nInstalled,
	getCacheDir,
	importCredentials,
	importWorkflow,
	packPackage,
	removeN8nHome,
	run,
	startEditor,
} from './n8nRuntime.mjs';
import { DEFAULT_API_KEY, startSimulator } from '../test/simulator/aimlApiSimulator.mjs';

const PLAYWRIGHT_VERSION = '1.65.1';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };
/** Tallest viewport used to fit a long parameter panel in one picture. */
const MAX_VIEWPORT_HEIGHT = 2200;
const OVERALL_TIMEOUT_MS = 10 * 60_000;

const NODE_TYPE = 'n8n-nodes-wan-video.wanVideo';
const NODE_NAME = 'Wan Video';
const TRIGGER_NAME = 'When clicking ‘Execute workflow’';
const CREDENTIAL = {
	id: 'wanVideoSimCred1',
	name: 'AIML API (local simulator)',
	type: 'aimlApiWanVideoApi',
};
const OWNER = {
	email: 'owner@example.com',
	password: 'Wan-video-screens-1',
	firstName: 'Demo',
	lastName: 'Owner',
};
const PROMPT = 'A red fox runs through fresh snow at sunrise, cinematic, slow motion';
const SIMULATOR_LATENCY_MS = 4000;

// ---------------------------------------------------------------------------
// Arguments and output folder
// ---------------------------------------------------------------------------

function parseArgs(argv) {
	const options = {
		build: true,
		keep: false,
		out: process.env.WAN_VIDEO_SCREENSHOTS_DIR || undefined,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--docs') options.out = path.join(REPO_ROOT, 'docs', 'screenshots');
		else if (arg === '--out') options.out = argv[++i];
		else if (arg.startsWith('--out=')) options.out = arg.slice('--out='.length);
		else if (arg === '--no-build') options.build = false;
		else if (arg === '--keep') options.keep = true;
		else if (arg === '--help' || arg === '-h') {
			process.stdout.write(
				'Usage: npm run screenshots -- [--docs | --out <dir>] [--no-build] [--keep]\n' +
					'  default folder: screenshots/ at the repository root (or $WAN_VIDEO_SCREENSHOTS_DIR)\n',
			);
			process.exit(0);
		} else throw new Error(`unknown option ${arg} (see --help)`);
	}
	options.out = path.resolve(REPO_ROOT, options.out ?? 'screenshots');
	return options;
}

const t0 = Date.now();
const seconds = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (message) => process.stdout.write(`[screenshots ${seconds()}s] ${message}\n`);

// ---------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------

const results = [];

function check(ok, message, detail) {
	results.push({ ok: Boolean(ok), message, detail });
	process.stdout.write(
		`  ${ok ? 'ok  ' : 'FAIL'} ${message}${!ok && detail ? `\n       ${detail}` : ''}\n`,
	);
	return Boolean(ok);
}

/** Checks that every label occurs in `text`, and (when `ordered`) in that order. */
function checkLabels(text, labels, what, { ordered = false } = {}) {
	const found = labels.filter((label) => text.includes(label));
	check(
		found.length === labels.length,
		`${what} shows ${labels.map((label) => `"${label}"`).join(', ')}`,
		`missing ${labels.filter((label) => !found.includes(label)).join(', ')} in: ${oneLine(text)}`,
	);
	if (!ordered) return;
	const actual = [...found].sort((a, b) => text.indexOf(a) - text.indexOf(b));
	check(
		actual.every((label, index) => label === found[index]),
		`${what} lists them in that order`,
		`actual order: ${actual.join(' > ')}`,
	);
}

function oneLine(text, max = 600) {
	const flat = String(text).replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

// ---------------------------------------------------------------------------
// Tools: Chromium and playwright-core
// ---------------------------------------------------------------------------

async function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	log(`${CHROMIUM} is missing: installing the Debian chromium package`);
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const prefix = asRoot ? [] : ['sudo', '-n'];
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [
		['apt-get', 'update'],
		['apt-get', 'install', '-y', 'chromium'],
	]) {
		const [command, ...rest] = [...prefix, ...args];
		await run(command, rest, { env, timeoutMs: 15 * 60_000 });
	}
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}

/** playwright-core lives in the runtime cache, so the package never gains a dependency. */
async function loadPlaywright() {
	const dir = path.join(getCacheDir(), 'playwright-core');
	const manifest = path.join(dir, 'node_modules', 'playwright-core', 'package.json');
	const installed = fs.existsSync(manifest)
		? JSON.parse(fs.readFileSync(manifest, 'utf8')).version
		: undefined;
	if (installed !== PLAYWRIGHT_VERSION) {
		log(`installing playwright-core ${PLAYWRIGHT_VERSION} into ${dir}`);
		await fsp.mkdir(dir, { recursive: true });
		await run(
			process.platform === 'win32' ? 'npm.cmd' : 'npm',
			[
				'install',
				'--prefix',
				dir,
				'--no-audit',
				'--no-fund',
				'--no-package-lock',
				'--ignore-scripts',
				`playwright-core@${PLAYWRIGHT_VERSION}`,
			],
			{ env: { ...process.env, npm_config_update_notifier: 'false' }, timeoutMs: 5 * 60_000 },
		);
	}
	return createRequire(path.join(dir, 'package.json'))('playwright-core');
}

// ---------------------------------------------------------------------------
// Workflows imported into the n8n home
// ---------------------------------------------------------------------------

function triggerNode(position) {
	return {
		id: randomUUID(),
		name: TRIGGER_NAME,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

const STARTER_WORKFLOW = {
	id: 'wanVideoStarter1',
	name: 'Wan Video: add the node',
	nodes: [triggerNode([0, 0])],
	connections: {},
};

const EXAMPLE_WORKFLOW = {
	id: 'wanVideoExample1',
	name: 'Wan Video: text to video',
	nodes: [
		triggerNode([0, 0]),
		{
			id: randomUUID(),
			name: NODE_NAME,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [260, 0],
			parameters: {
				operation: 'textToVideo',
				prompt: PROMPT,
				aspectRatio: '16:9',
				resolution: '720p',
				duration: 5,
				waitForCompletion: true,
				options: { pollIntervalSeconds: 2 },
			},
			credentials: { [CREDENTIAL.type]: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
		},
	],
	connections: { [TRIGGER_NAME]: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
};

// ---------------------------------------------------------------------------
// n8n REST
// ---------------------------------------------------------------------------

/** Logs in through the REST API; the cookie is bound to `browserId` (n8n's browser-id header). */
async function restLogin(url, browserId) {
	const res = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	const body = await res.text();
	if (!res.ok) throw new Error(`login failed: ${res.status} ${body.slice(0, 300)}`);
	const cookie = res.headers
		.getSetCookie()
		.map((line) => /^n8n-auth=([^;]+)/.exec(line)?.[1])
		.find(Boolean);
	if (!cookie) throw new Error('login answered without an n8n-auth cookie');
	return cookie;
}

// ---------------------------------------------------------------------------
// Browser helpers
// ---------------------------------------------------------------------------

/**
 * Every screenshot, in order. The number prefix is fixed per name, so README links stay valid
 * whichever scenes run; anything not listed (error pictures) gets 99.
 */
const SHOTS = [
	'picker-search-wan',
	'picker-search-video',
	'picker-search-aiml',
	'picker-browse-ai-miscellaneous',
	'picker-node-actions',
	'credential',
	'text-to-video',
	'operation-list',
	'text-to-video-option-list',
	'text-to-video-options',
	'image-to-video',
	'image-to-video-model-list',
	'image-to-video-flash',
	'image-to-video-binary',
	'reference-to-video',
	'get-generation',
	'canvas-get-generation-outputs',
	'execution-canvas',
	'execution-output-json',
	'execution-output-binary',
];

function createShooter(outDir) {
	const files = [];
	return {
		files,
		/** Screenshot of the page, named NN-<name>.png; `fullHeightOf` grows the viewport to fit that element's scroll area. */
		async take(page, name, { fullHeightOf } = {}) {
			const index = SHOTS.indexOf(name);
			const prefix = String(index >= 0 ? index + 1 : 99).padStart(2, '0');
			const file = path.join(outDir, `${prefix}-${name}.png`);
			await dismissToasts(page);
			// Park the pointer on an empty spot (canvas or the NDV input pane): no hover states.
			await page.mouse.move(300, page.viewportSize().height - 150);
			const restore = fullHeightOf ? await growViewportToFit(page, fullHeightOf) : undefined;
			await page.waitForTimeout(250);
			await page.screenshot({ path: file });
			if (restore) await restore();
			files.push(file);
			log(`saved ${path.relative(REPO_ROOT, file)}`);
			return file;
		},
	};
}

/**
 * Makes the viewport tall enough that the scrollable ancestor of `selector` shows all of
 * its content; returns a function that restores the viewport.
 */
async function growViewportToFit(page, selector) {
	const hidden = await page
		.locator(selector)
		.first()
		.evaluate((element) => {
			for (let node = element; node; node = node.parentElement) {
				const style = getComputedStyle(node);
				if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight + 2) {
					return node.scrollHeight - node.clientHeight;
				}
			}
			return 0;
		})
		.catch(() => 0);
	if (hidden <= 0) return undefined;
	const before = page.viewportSize();
	await page.setViewportSize({
		width: before.width,
		height: Math.min(MAX_VIEWPORT_HEIGHT, before.height + hidden + 24),
	});
	await page.waitForTimeout(400);
	return async () => {
		await page.setViewportSize(before);
		await page.waitForTimeout(200);
	};
}

/** Closes n8n's toast notifications so they do not cover the panels. */
async function dismissToasts(page) {
	const buttons = page.locator('.el-notification .el-notification__closeBtn:visible');
	for (let i = await buttons.count(); i > 0; i--)
		await buttons
			.first()
			.click()
			.catch(() => {});
	if (await page.locator('.el-notification:visible').count()) await page.waitForTimeout(400);
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Picks `optionName` in the options dropdown of parameter `parameterName`. */
async function selectParameterOption(page, parameterName, optionName) {
	await page.locator(`[data-test-id="parameter-input-${parameterName}"]`).first().click();
	const items = page.locator('.el-select-dropdown__item:visible');
	await items.first().waitFor({ state: 'visible', timeout: 10_000 });
	// Match the option's first line (its name), not its description.
	const index = (await items.allInnerTexts()).findIndex(
		(text) => text.split('\n')[0].trim() === optionName,
	);
	if (index < 0) {
		const listed = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		throw new Error(`option "${optionName}" not in ${parameterName}: ${listed.join(', ')}`);
	}
	await items.nth(index).click();
	await page.waitForTimeout(300);
}

/** The label an options parameter currently shows. */
async function selectedOption(page, parameterName) {
	return page
		.locator(`[data-test-id="parameter-input-${parameterName}"]`)
		.first()
		.evaluate((element) => {
			const input = element.querySelector('input');
			const shown = element.querySelector('.el-select__selected-item, .el-select__placeholder');
			return (shown?.textContent || input?.value || '').trim();
		});
}

/** Opens an options parameter's dropdown and returns its option names (first lines). */
async function openOptionList(page, parameterName) {
	await page.locator(`[data-test-id="parameter-input-${parameterName}"]`).first().click();
	const items = page.locator('.el-select-dropdown__item:visible');
	await items.first().waitFor({ state: 'visible', timeout: 10_000 });
	return (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

/** Types into a string parameter (input or textarea). */
async function fillParameter(page, parameterName, value) {
	const field = page
		.locator(`[data-test-id="parameter-input-${parameterName}"]`)
		.first()
		.locator('input, textarea')
		.first();
	await field.click();
	await field.fill(value);
	await field.evaluate((element) => element.blur());
	await page.waitForTimeout(200);
}

/** Opens the "Add Option" dropdown of the Options collection; returns the listed option labels. */
async function openAddOption(page) {
	const add = page
		.locator('[data-test-id="node-parameters"] [data-test-id="collection-parameter-add"]')
		.last();
	await add.scrollIntoViewIfNeeded();
	await add.click();
	const options = page.locator('[data-test-id="collection-parameter-option"]:visible');
	await options.first().waitFor({ state: 'visible', timeout: 10_000 });
	return (await options.allInnerTexts()).map((text) => text.trim());
}

async function addOption(page, label) {
	await openAddOption(page);
	await page
		.locator('[data-test-id="collection-parameter-option"]:visible')
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
		.first()
		.click();
	await page.waitForTimeout(300);
}

async function parametersText(page) {
	return page.locator('[data-test-id="node-parameters"]').first().innerText();
}

async function closeDropdowns(page) {
	await page.keyboard.press('Escape');
	await page.waitForTimeout(200);
}

async function openWorkflow(page, url, workflowId) {
	await page.goto(`${url}/workflow/${workflowId}`);
	await page
		.locator('[data-test-id="canvas-node"]')
		.first()
		.waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForTimeout(500);
}

// ---------------------------------------------------------------------------
// Scenes
// ---------------------------------------------------------------------------

async function scenePicker(page, shooter, url) {
	log('node picker');
	await openWorkflow(page, url, STARTER_WORKFLOW.id);
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${TRIGGER_NAME}"]`)
		.locator('[data-test-id="canvas-handle-plus"]')
		.first()
		.click();
	const search = page.locator('[data-test-id="node-creator-search-bar"]');
	await search.waitFor({ state: 'visible' });
	const itemNames = page.locator(
		'[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]',
	);
	let found = false;
	for (const query of ['wan', 'video', 'aiml']) {
		await search.fill(query);
		await page.waitForTimeout(700);
		const names = (await itemNames.allInnerTexts()).map((name) => name.trim());
		const listed = names.includes(NODE_NAME);
		check(
			listed,
			`node picker search "${query}" lists "${NODE_NAME}"`,
			`listed: ${names.join(', ') || '(nothing)'}`,
		);
		if (listed) found = true;
		await shooter.take(page, `picker-search-${query}`);
	}

	if (found) {
		await search.fill('wan');
		await page.waitForTimeout(500);
		const hit = page
			.locator('[data-test-id="item-iterator-item"]')
			.filter({ hasText: NODE_NAME })
			.first();
		if (!(await hit.isVisible())) await search.fill('video');
		await page
			.locator('[data-test-id="item-iterator-item"]')
			.filter({ hasText: NODE_NAME })
			.first()
			.click();
	} else {
		// The only other way in: browse AI > Other AI Nodes > Miscellaneous.
		log('search did not list the node: browsing AI > Other AI Nodes > Miscellaneous instead');
		await search.fill('');
		await page.waitForTimeout(400);
		const item = (name) =>
			page
				.locator('[data-test-id="item-iterator-item"]')
				.filter({
					has: page.locator('[data-test-id="node-creator-item-name"]', {
						hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`),
					}),
				})
				.first();
		for (const step of ['AI', 'Other AI Nodes', 'Miscellaneous']) {
			await item(step).click();
			await page.waitForTimeout(400);
		}
		await item(NODE_NAME).scrollIntoViewIfNeeded();
		await shooter.take(page, 'picker-browse-ai-miscellaneous');
		await item(NODE_NAME).click();
	}

	const actions = page.locator('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]');
	await actions
		.filter({ hasText: 'Generate a video from text' })
		.first()
		.waitFor({ state: 'visible' });
	const actionNames = (await actions.allInnerTexts()).map((text) => oneLine(text));
	checkLabels(
		actionNames.join('\n'),
		[
			'Generate a video from text',
			'Generate a video from an image',
			'Generate a video from reference clips',
			'Get a video generation',
		],
		'node details (actions)',
	);
	await shooter.take(page, 'picker-node-actions');
	await actions.filter({ hasText: 'Generate a video from text' }).first().click();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible', timeout: 20_000 });
	await page.locator('[data-test-id="parameter-input-prompt"]').waitFor({ state: 'visible' });
}

async function sceneCredential(page, shooter) {
	log('credential');
	await page.locator('[data-test-id="credential-edit-button"]').first().click();
	const dialog = page.locator('.el-dialog:visible').filter({ hasText: 'API Key' }).first();
	await dialog.waitFor({ state: 'visible', timeout: 15_000 });
	await page.waitForTimeout(500);
	const text = await dialog.innerText();
	checkLabels(text, ['API Key', 'Base URL'], 'credential dialog');
	const tested = await dialog
		.getByText('Connection tested successfully')
		.waitFor({ state: 'visible', timeout: 15_000 })
		.then(() => true)
		.catch(() => false);
	check(tested, 'credential test against the simulator succeeds');
	await shooter.take(page, 'credential');
	const close = dialog
		.locator('.el-dialog__headerbtn, [data-test-id="close-button"], button[aria-label="Close"]')
		.first();
	if (await close.count()) await close.click();
	else await page.keyboard.press('Escape');
	await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
}

async function sceneTextToVideo(page, shooter) {
	log('text to video');
	const text = await parametersText(page);
	checkLabels(
		text,
		[
			'Credential',
			'Operation',
			'Prompt',
			'Aspect Ratio',
			'Resolution',
			'Duration',
			'Wait for Completion',
			'Options',
		],
		'Text to Video panel',
		{ ordered: true },
	);
	const operation = await selectedOption(page, 'operation');
	check(
		operation === 'Text to Video',
		'Operation is "Text to Video" after picking "Generate a video from text"',
		`shows "${operation}"`,
	);
	check(/Retry On Fail/.test(text), 'Text to Video panel shows the Retry On Fail notice');
	await fillParameter(page, 'prompt', PROMPT);
	await shooter.take(page, 'text-to-video', { fullHeightOf: '[data-test-id="node-parameters"]' });

	const operations = await openOptionList(page, 'operation');
	check(
		['Get Generation', 'Image to Video', 'Reference to Video', 'Text to Video'].every((name) =>
			operations.includes(name),
		),
		'Operation list offers the four operations',
		operations.join(', '),
	);
	log(`Operation list: ${operations.join(' | ')}`);
	await shooter.take(page, 'operation-list');
	await closeDropdowns(page);

	const optionLabels = await openAddOption(page);
	checkLabels(
		optionLabels.join('\n'),
		[
			'Audio URL',
			'Check Interval (Seconds)',
			'Download Video',
			'Enhance Prompt',
			'Generate Audio',
			'Max Wait (Minutes)',
			'Negative Prompt',
			'On Timeout',
			'Parallel Submissions',
			'Put Output File in Field',
			'Seed',
			'Shot Type',
		],
		'Text to Video "Add Option" list',
	);
	log(`Text to Video options: ${optionLabels.join(' | ')}`);
	await shooter.take(page, 'text-to-video-option-list', {
		fullHeightOf: '[data-test-id="node-parameters"]',
	});
	await closeDropdowns(page);

	await addOption(page, 'Audio URL');
	await fillParameter(page, 'audioUrl', 'https://example.com/voice-over.mp3');
	await addOption(page, 'Shot Type');
	await selectParameterOption(page, 'shotType', 'Multiple Shots');
	await addOption(page, 'Negative Prompt');
	await fillParameter(page, 'negativePrompt', 'blurry, text, watermark');
	await addOption(page, 'Check Interval (Seconds)');
	const filled = await parametersText(page);
	check(filled.includes('With an audio URL, Generate Audio is ignored'), 'Audio URL hint is shown');
	check(filled.includes('Used only while Enhance Prompt is on'), 'Shot Type hint is shown');
	check(/Retry On Fail/.test(filled), 'Retry On Fail notice is shown below the options');
	await shooter.take(page, 'text-to-video-options', {
		fullHeightOf: '[data-test-id="node-parameters"]',
	});
}

async function sceneImageToVideo(page, shooter) {
	log('image to video');
	await selectParameterOption(page, 'operation', 'Image to Video');
	await page.locator('[data-test-id="parameter-input-model"]').waitFor({ state: 'visible' });
	let text = await parametersText(page);
	checkLabels(
		text,
		[
			'Operation',
			'Model',
			'Prompt',
			'Image Source',
			'First Frame Image URL',
			'Resolution',
			'Duration',
			'Wait for Completion',
			'Options',
		],
		'Image to Video panel',
		{ ordered: true },
	);
	check(!text.includes('Aspect Ratio'), 'Image to Video panel has no Aspect Ratio');
	check(/Retry On Fail/.test(text), 'Image to Video panel shows the Retry On Fail notice');
	await fillParameter(page, 'prompt', 'The fox turns its head towards the camera and blinks');
	await fillParameter(page, 'imageUrl', 'https://example.com/first-frame.jpg');
	await shooter.take(page, 'image-to-video', { fullHeightOf: '[data-test-id="node-parameters"]' });

	const models = await openOptionList(page, 'model');
	check(
		models.join('|') === 'Wan 2.6 Image to Video|Wan 2.6 Image to Video Flash',
		'Model list offers Wan 2.6 Image to Video and its Flash variant',
		models.join(', '),
	);
	await shooter.take(page, 'image-to-video-model-list');
	await closeDropdowns(page);

	await selectParameterOption(page, 'model', 'Wan 2.6 Image to Video Flash');
	text = await parametersText(page);
	check(text.includes('Flash defaults to 720p'), 'Flash model shows the 720p resolution hint');
	check((await selectedOption(page, 'resolution')) === '720p', 'Flash model preselects 720p');
	checkLabels(
		text,
		[
			'Model',
			'Prompt',
			'Image Source',
			'First Frame Image URL',
			'Resolution',
			'Duration',
			'Wait for Completion',
		],
		'Image to Video Flash panel',
		{ ordered: true },
	);
	await addOption(page, 'Generate Audio');
	await addOption(page, 'Audio URL');
	text = await parametersText(page);
	check(
		text.includes('With an audio URL, Generate Audio is ignored'),
		'Image to Video Audio URL hint is shown',
	);
	await shooter.take(page, 'image-to-video-flash', {
		fullHeightOf: '[data-test-id="node-parameters"]',
	});

	await selectParameterOption(page, 'imageSource', 'Binary File');
	text = await parametersText(page);
	check(text.includes('Input Binary Field'), 'Image Source "Binary File" shows Input Binary Field');
	await shooter.take(page, 'image-to-video-binary', {
		fullHeightOf: '[data-test-id="node-parameters"]',
	});
}

async function sceneReferenceToVideo(page, shooter) {
	log('reference to video');
	await selectParameterOption(page, 'operation', 'Reference to Video');
	await page.getByText('Reference Videos', { exact: false }).first().waitFor({ state: 'visible' });
	let text = await parametersText(page);
	checkLabels(
		text,
		[
			'Operation',
			'Prompt',
			'Reference Videos',
			'Aspect Ratio',
			'Resolution',
			'Duration',
			'Wait for Completion',
			'Options',
		],
		'Reference to Video panel',
		{ ordered: true },
	);
	check(!/\bModel\b/.test(text.split('Prompt')[0]), 'Reference to Video panel has no Model picker');
	await fillParameter(
		page,
		'prompt',
		'character1 and character2 share a coffee in a sunny kitchen',
	);
	const addVideo = page
		.locator('[data-test-id="node-parameters"]')
		.getByRole('button', { name: /Add Reference Video/ });
	if (check(await addVideo.count(), 'Reference Videos has an "Add Reference Video" button')) {
		await addVideo.first().click();
		await page.waitForTimeout(400);
		const url = page
			.locator('[data-test-id="node-parameters"] [data-test-id="parameter-input-url"]')
			.first()
			.locator('input, textarea')
			.first();
		await url.fill('https://example.com/character.mp4');
		await url.evaluate((element) => element.blur());
	}
	text = await parametersText(page);
	check(
		text.includes('character1, character2 and character3'),
		'Reference Videos hint names character1..3',
	);
	check(/Retry On Fail/.test(text), 'Reference to Video panel shows the Retry On Fail notice');
	await shooter.take(page, 'reference-to-video', {
		fullHeightOf: '[data-test-id="node-parameters"]',
	});
}

async function sceneGetGeneration(page, shooter) {
	log('get generation');
	await selectParameterOption(page, 'operation', 'Get Generation');
	await page.locator('[data-test-id="parameter-input-generationId"]').waitFor({ state: 'visible' });
	let text = await parametersText(page);
	checkLabels(
		text,
		['Operation', 'Generation ID', 'Wait for Completion', 'Route by Status', 'Options'],
		'Get Generation panel',
		{ ordered: true },
	);
	check(!text.includes('Prompt'), 'Get Generation panel has no Prompt');
	check(!/Retry On Fail/.test(text), 'Get Generation panel has no Retry On Fail notice');
	await fillParameter(
		page,
		'generationId',
		'0f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f:alibaba/wan-2-6-t2v',
	);
	const optionLabels = await openAddOption(page);
	log(`Get Generation options (wait off): ${optionLabels.join(' | ')}`);
	await closeDropdowns(page);
	await page.locator('[data-test-id="parameter-input-routeByStatus"]').click();
	await page.waitForTimeout(300);
	await shooter.take(page, 'get-generation', { fullHeightOf: '[data-test-id="node-parameters"]' });

	await page.locator('[data-test-id="ndv-close-button"]').click();
	await page.waitForTimeout(600);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE_NAME}"]`).first();
	const nodeText = await node.innerText().catch(() => '');
	check(
		nodeText.includes('Get Generation'),
		'canvas node subtitle shows the operation ("Get Generation")',
		oneLine(nodeText),
	);
	const outputs = await node.locator('[data-test-id="canvas-node-output-handle"]').count();
	check(outputs === 3, `Route by Status gives the node three outputs (found ${outputs})`);
	await shooter.take(page, 'canvas-get-generation-outputs');
}

async function sceneExecution(page, shooter, url, sim) {
	log('execute the example workflow against the simulator');
	await openWorkflow(page, url, EXAMPLE_WORKFLOW.id);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE_NAME}"]`).first();
	check(
		(await node.innerText().catch(() => '')).includes('Text to Video'),
		'example workflow node subtitle shows "Text to Video"',
	);
	const submitsBefore = sim.state.counters.submits;
	await page.locator('[data-test-id="execute-workflow-button"]').click();
	const started = Date.now();
	// Success: the node's green check (canvas node status) or the run data count shows up.
	const success = await page
		.waitForFunction(
			(name) => {
				const el = document.querySelector(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
				return Boolean(el && el.querySelector('[data-test-id="canvas-node-status-success"]'));
			},
			NODE_NAME,
			{ timeout: 90_000, polling: 250 },
		)
		.then(() => true)
		.catch(() => false);
	check(
		success,
		`the example workflow finished successfully (${((Date.now() - started) / 1000).toFixed(1)} s)`,
	);
	check(
		sim.state.counters.submits === submitsBefore + 1,
		'the simulator received exactly one submit',
	);
	const job = Object.values(sim.state.jobs)[0];
	check(
		job && job.status === 'completed',
		`the simulator generation is completed (${job?.status ?? 'none'})`,
	);
	await shooter.take(page, 'execution-canvas');

	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
	const output = page.locator('[data-test-id="output-panel"]');
	await output.locator('[data-test-id="radio-button-json"]').click();
	await page.waitForTimeout(600);
	const json = await output.innerText();
	check(json.includes('generationId'), 'output JSON has generationId');
	check(
		/"?status"?:\s*"completed"/.test(json),
		'output JSON has status "completed"',
		oneLine(json),
	);
	check(json.includes('videoUrl'), 'output JSON has videoUrl');
	await shooter.take(page, 'execution-output-json');

	const binaryTab = output.locator('[data-test-id="radio-button-binary"]');
	if (check(await binaryTab.count(), 'output panel offers the Binary view')) {
		await binaryTab.click();
		await page.waitForTimeout(600);
		const binary = await output.innerText();
		check(/video\/mp4/.test(binary), 'binary view shows a video/mp4 file', oneLine(binary));
		await shooter.take(page, 'execution-output-binary');
	}
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const cleanups = [];
	let cleaning;
	// One shared run, so a signal during the main flow's own clean-up waits for the same work.
	const cleanup = () =>
		(cleaning ??= (async () => {
			while (cleanups.length) {
				const fn = cleanups.pop();
				await fn().catch((error) => process.stderr.write(`cleanup: ${error.message}\n`));
			}
		})());
	let stopping = false;
	const onSignal = (signal) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`\n${signal}: stopping n8n and the simulator\n`);
		cleanup().finally(() => process.exit(130));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const watchdog = setTimeout(() => {
		process.stderr.write(`timed out after ${OVERALL_TIMEOUT_MS / 1000} s\n`);
		onSignal('timeout');
	}, OVERALL_TIMEOUT_MS);
	watchdog.unref();

	let shooter;
	let fatal;
	try {
		await fsp.mkdir(options.out, { recursive: true });
		for (const file of await fsp.readdir(options.out)) {
			if (/^\d\d-[a-z0-9-]+\.png$/.test(file)) await fsp.rm(path.join(options.out, file));
		}
		shooter = createShooter(options.out);

		const [{ chromium }] = await Promise.all([
			ensureChromium().then(loadPlaywright),
			ensureN8nInstalled({ log: (message) => log(message) }),
		]);
		log('runtime ready');

		const sim = await startSimulator({ latencyMs: SIMULATOR_LATENCY_MS });
		cleanups.push(() => sim.close());
		log(`simulator on ${sim.url} (generations take ${SIMULATOR_LATENCY_MS / 1000} s)`);

		const pack = await packPackage({ build: options.build, log: (message) => log(message) });
		cleanups.push(() => fsp.rm(pack.dir, { recursive: true, force: true }));
		const home = await createN8nHome({ tarball: pack.tarball });
		if (!options.keep) cleanups.push(() => removeN8nHome(home));
		log(`n8n home ${home.root} with ${pack.name}@${pack.version}`);

		await importCredentials(home, [
			{ ...CREDENTIAL, data: { apiKey: DEFAULT_API_KEY, baseUrl: sim.url } },
		]);
		await importWorkflow(home, [STARTER_WORKFLOW, EXAMPLE_WORKFLOW]);
		log('credential and workflows imported');

		const editor = await startEditor(home);
		cleanups.push(() => editor.stop());
		log(`n8n editor on ${editor.url}`);
		await editor.setupOwner(OWNER);
		const browserId = randomUUID();
		const cookie = await restLogin(editor.url, browserId);
		log('owner set up and logged in');

		const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-chromium-'));
		cleanups.push(() => fsp.rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }));
		const context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			args: CHROMIUM_ARGS,
			headless: true,
			// Our own signal handlers close Chromium together with n8n and the simulator.
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'UTC',
		});
		cleanups.push(() => context.close());
		context.setDefaultTimeout(20_000);
		await context.addCookies([{ name: 'n8n-auth', value: cookie, url: editor.url }]);
		await context.addInitScript((id) => {
			if (!window.localStorage.getItem('n8n-browserId'))
				window.localStorage.setItem('n8n-browserId', id);
		}, browserId);
		const page = context.pages()[0] ?? (await context.newPage());

		const scenes = [
			() => scenePicker(page, shooter, editor.url),
			() => sceneCredential(page, shooter),
			() => sceneTextToVideo(page, shooter),
			() => sceneImageToVideo(page, shooter),
			() => sceneReferenceToVideo(page, shooter),
			() => sceneGetGeneration(page, shooter),
			async () => {
				const executionPage = await context.newPage();
				await sceneExecution(executionPage, shooter, editor.url, sim);
			},
		];
		for (const [index, scene] of scenes.entries()) {
			try {
				await scene();
			} catch (error) {
				check(
					false,
					`scene ${index + 1} ran to the end`,
					error.message.split('\n').slice(0, 6).join('\n       '),
				);
				await shooter.take(page, `error-scene-${index + 1}`).catch(() => {});
				// The panel scenes build on each other: stop them after the first broken one, but still run the execution.
				if (index < scenes.length - 1) {
					const last = scenes.length - 1;
					await scenes[last]().catch((e) =>
						check(false, 'execution scene ran to the end', e.message.split('\n')[0]),
					);
					break;
				}
			}
		}
		if (options.keep) log(`kept n8n home ${home.root} (logs in ${home.logsDir})`);
	} catch (error) {
		fatal = error;
	} finally {
		clearTimeout(watchdog);
		await cleanup();
	}

	const failed = results.filter((result) => !result.ok);
	process.stdout.write('\n');
	if (shooter?.files.length) {
		process.stdout.write(`${shooter.files.length} screenshots in ${options.out}:\n`);
		for (const file of shooter.files) process.stdout.write(`  ${path.basename(file)}\n`);
	}
	if (fatal) process.stderr.write(`\nFAILED: ${fatal.stack ?? fatal.message}\n`);
	process.stdout.write(
		`\n${results.length - failed.length}/${results.length} checks passed` +
			(failed.length
				? `; failed:\n${failed.map((result) => `  - ${result.message}`).join('\n')}`
				: '') +
			`\ntook ${seconds()} s\n`,
	);
	process.exit(fatal || failed.length ? 1 : 0);
}

await main();
