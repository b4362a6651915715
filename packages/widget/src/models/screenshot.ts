/** Whether this browser can capture the screen (desktop Chromium, Firefox, Safari). */
export function canCaptureScreen(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    typeof navigator.mediaDevices?.getDisplayMedia === 'function'
  );
}

/**
 * Asks the browser to share a screen, grabs one frame as a PNG file and stops sharing at once.
 * Rejects when the user refuses or the browser cannot capture.
 */
export async function captureScreenshot(now: Date = new Date()): Promise<File> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d');
    if (!context) {
      throw new Error('2D canvas is not available');
    }
    context.drawImage(video, 0, 0);
    video.pause();
    video.srcObject = null;
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) {
      throw new Error('the captured frame could not be encoded');
    }
    const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return new File([blob], `capture-${stamp}.png`, { type: 'image/png' });
  } finally {
    for (const track of stream.getTracks()) {
      track.stop();
    }
  }
}
