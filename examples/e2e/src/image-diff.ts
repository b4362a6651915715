import { PNG } from 'pngjs';

export interface ImageDiff {
  width: number;
  height: number;
  /** Pixels whose largest channel difference exceeds the threshold. */
  differing: number;
  /** differing / all pixels compared. */
  ratio: number;
}

/**
 * Compares two PNG screenshots pixel by pixel. Images of different sizes are compared over
 * their common area and every pixel outside it counts as differing, so a size change is seen.
 *
 * @example
 * const diff = diffPng(before, after, 40);
 * expect(diff.ratio).toBeLessThan(0.01);
 */
export function diffPng(a: Buffer, b: Buffer, channelThreshold = 40): ImageDiff {
  const first = PNG.sync.read(a);
  const second = PNG.sync.read(b);
  const width = Math.max(first.width, second.width);
  const height = Math.max(first.height, second.height);
  const commonWidth = Math.min(first.width, second.width);
  const commonHeight = Math.min(first.height, second.height);
  let differing = width * height - commonWidth * commonHeight;
  for (let y = 0; y < commonHeight; y++) {
    for (let x = 0; x < commonWidth; x++) {
      const i = (y * first.width + x) * 4;
      const j = (y * second.width + x) * 4;
      let largest = 0;
      for (let channel = 0; channel < 4; channel++) {
        const delta = Math.abs((first.data[i + channel] ?? 0) - (second.data[j + channel] ?? 0));
        largest = Math.max(largest, delta);
      }
      if (largest > channelThreshold) {
        differing++;
      }
    }
  }
  return { width, height, differing, ratio: differing / (width * height) };
}
