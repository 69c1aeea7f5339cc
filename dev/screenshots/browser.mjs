import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { getCacheDir, run } from '../n8nRuntime.mjs';
import { log } from './log.mjs';

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

/** Installs what is missing of Chromium and playwright-core; returns playwright's `chromium`. */
export async function loadChromium() {
	await ensureChromium();
	const { chromium } = await loadPlaywright();
	return chromium;
}

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

/**
 * Starts headless Chromium with a throwaway profile, already logged in to the editor: the
 * n8n-auth cookie is only accepted together with the browser id it was issued for.
 * Hands the removal of the profile and the closing of Chromium to `addCleanup`.
 */
export async function launchBrowser(chromium, { editorUrl, cookie, browserId }, addCleanup) {
	const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-chromium-'));
	addCleanup(() => fsp.rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }));
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
	addCleanup(() => context.close());
	context.setDefaultTimeout(20_000);
	await context.addCookies([{ name: 'n8n-auth', value: cookie, url: editorUrl }]);
	await context.addInitScript((id) => {
		if (!window.localStorage.getItem('n8n-browserId'))
			window.localStorage.setItem('n8n-browserId', id);
	}, browserId);
	const page = context.pages()[0] ?? (await context.newPage());
	return { context, page };
}
