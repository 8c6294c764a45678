/** Key-frame images for the VFSS report: a grey frame with its masks over it, as PNG (sharp). */
import sharp from 'sharp';

/**
 * A grey frame with coloured masks over it (filled with `alpha` and/or outlined 1 px at the output
 * size), scaled down so its longer side is at most maxSide, as PNG.
 */
export async function renderKeyFramePng(
  gray: Uint8Array,
  width: number,
  height: number,
  overlays: Array<{ mask: Uint8Array; rgb: [number, number, number]; alpha: number; outline?: boolean }>,
  maxSide = 512,
): Promise<Uint8Array> {
  const n = width * height;
  if (gray.length !== n) throw new Error(`renderKeyFramePng: ${gray.length} grey values for ${width}x${height}`);
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) rgb.fill(gray[i] ?? 0, i * 3, i * 3 + 3);
  for (const o of overlays) {
    if (o.mask.length !== n) throw new Error('renderKeyFramePng: mask size differs from the frame');
    const a = Math.min(1, Math.max(0, o.alpha));
    if (a === 0) continue;
    for (let i = 0; i < n; i++) {
      if (!o.mask[i]) continue;
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round((rgb[i * 3 + c] ?? 0) * (1 - a) + (o.rgb[c] ?? 0) * a);
    }
  }
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const outW = Math.max(1, Math.round(width * scale));
  const outH = Math.max(1, Math.round(height * scale));
  const raw = { width, height, channels: 3 as const };
  const out = scale === 1
    ? Buffer.from(rgb)
    : await sharp(rgb, { raw }).resize(outW, outH, { kernel: 'lanczos3' }).raw().toBuffer();
  // Outlines are traced at the output size so they stay one crisp pixel wide.
  for (const o of overlays) {
    if (!o.outline) continue;
    const mask = scale === 1 ? o.mask : await scaledMask(o.mask, width, height, outW, outH);
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const i = y * outW + x;
        if (!mask[i]) continue;
        const edge = x === 0 || y === 0 || x === outW - 1 || y === outH - 1
          || !mask[i - 1] || !mask[i + 1] || !mask[i - outW] || !mask[i + outW];
        if (edge) out.set(o.rgb, i * 3);
      }
    }
  }
  const png = await sharp(out, { raw: { width: outW, height: outH, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}

async function scaledMask(mask: Uint8Array, w: number, h: number, outW: number, outH: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(w * h);
  for (let i = 0; i < bytes.length; i++) bytes[i] = mask[i] ? 255 : 0;
  // sharp widens one-channel raw input to sRGB; read the first channel whatever it returns.
  const { data, info } = await sharp(bytes, { raw: { width: w, height: h, channels: 1 } })
    .resize(outW, outH, { kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(outW * outH);
  for (let i = 0; i < out.length; i++) out[i] = (data[i * info.channels] ?? 0) >= 128 ? 1 : 0;
  return out;
}
