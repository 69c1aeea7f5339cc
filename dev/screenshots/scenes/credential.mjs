import { check, checkLabels } from '../checks.mjs';
import { log } from '../log.mjs';

/** Opens the node's credential, which tests itself against the simulator, and closes it again. */
export async function sceneCredential({ page, shooter }) {
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
