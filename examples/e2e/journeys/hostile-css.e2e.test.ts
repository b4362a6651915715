import { mkdir, writeFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, openPanel, stack } from '../src/harness';
import { diffPng } from '../src/image-diff';

// Journey 7b: the widget takes nothing from the host page: the same panel, pixel for pixel
// (within a tolerance), on a page whose global CSS attacks everything.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

describe('journey 7b: hostile CSS', () => {
  test('journey 7b: hostile global CSS does not change how the panel looks', async () => {
    const shots: Buffer[] = [];
    const boxes: { x: number; y: number; width: number; height: number }[] = [];
    for (const path of ['/hostile-css/?baseline', '/hostile-css/']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      await page.goto(`${stack.hub}${path}`);
      const dialog = await openPanel(page);
      await expect.poll(() => dialog.getByRole('link').count()).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');
      // The close button holds focus after opening in both runs; move it off so that only
      // styling differs.
      await page.mouse.move(0, 0);
      const box = await dialog.boundingBox();
      expect(box).not.toBeNull();
      boxes.push(box ?? { x: 0, y: 0, width: 0, height: 0 });
      shots.push(await dialog.screenshot({ animations: 'disabled', caret: 'hide' }));
      await context.close();
    }
    const [calm, hostile] = boxes;
    expect(Math.abs((hostile?.width ?? 0) - (calm?.width ?? 0))).toBeLessThanOrEqual(2);
    expect(Math.abs((hostile?.height ?? 0) - (calm?.height ?? 0))).toBeLessThanOrEqual(2);
    expect(Math.abs((hostile?.x ?? 0) - (calm?.x ?? 0))).toBeLessThanOrEqual(2);
    expect(Math.abs((hostile?.y ?? 0) - (calm?.y ?? 0))).toBeLessThanOrEqual(2);
    const diff = diffPng(shots[0] as Buffer, shots[1] as Buffer);
    if (diff.ratio >= 0.01) {
      // Keep the evidence for whoever has to fix it.
      await mkdir('.vitest-attachments', { recursive: true });
      await writeFile('.vitest-attachments/hostile-baseline.png', shots[0] as Buffer);
      await writeFile('.vitest-attachments/hostile.png', shots[1] as Buffer);
    }
    console.log(`hostile CSS: ${(diff.ratio * 100).toFixed(2)} % of the panel's pixels differ`);
    expect(diff.ratio).toBeLessThan(0.01);
  });
});
