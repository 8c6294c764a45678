import { spawn, spawnSync } from 'node:child_process';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

/** ffmpeg from KESTREL_FFMPEG/KESTREL_FFPROBE or the PATH (Debian's ffmpeg package); null if absent. */
export function locateFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegTools | null {
  const ffmpeg = env.KESTREL_FFMPEG ?? 'ffmpeg';
  const ffprobe = env.KESTREL_FFPROBE ?? 'ffprobe';
  for (const bin of [ffmpeg, ffprobe]) {
    const r = spawnSync(bin, ['-version'], { stdio: 'ignore', timeout: 10_000 });
    if (r.error || r.status !== 0) return null;
  }
  return { ffmpeg, ffprobe };
}

export interface VideoProbe {
  width: number;
  height: number;
  codec: string;
  /** The stream's nominal rate (r_frame_rate), frames per second. */
  nominalFps: number | null;
  /** Presentation time of every frame, in seconds, in decode order as ffmpeg outputs them. */
  timestampsS: number[];
}

function run(bin: string, args: string[], timeoutMs: number, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bin} took longer than ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        child.kill('SIGKILL');
        reject(new Error(`decoded video is larger than ${Math.round(maxBytes / 2 ** 20)} MiB`));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new Error(stderr.trim().split('\n').slice(-2).join(' ') || `${bin} exited with ${code}`));
    });
  });
}

function parseRate(text: string | undefined): number | null {
  if (!text) return null;
  const [n, d] = text.split('/').map(Number);
  if (!n || !Number.isFinite(n)) return null;
  const rate = d ? n / d : n;
  return rate > 0 && rate < 10_000 ? rate : null;
}

export async function probeVideo(tools: FfmpegTools, file: string): Promise<VideoProbe> {
  const json = await run(
    tools.ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,codec_name,r_frame_rate,avg_frame_rate', '-of', 'json', file],
    60_000,
    1 << 20,
  );
  const parsed = JSON.parse(json.toString()) as { streams?: Array<Record<string, string | number | undefined>> };
  const stream = parsed.streams?.[0];
  if (!stream) throw new Error('the file has no video stream');
  const width = Number(stream.width);
  const height = Number(stream.height);
  if (!(width > 0 && height > 0)) throw new Error('the video stream has no frame size');
  const times = await run(
    tools.ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=best_effort_timestamp_time', '-of', 'csv=p=0', file],
    300_000,
    64 << 20,
  );
  const timestampsS = times
    .toString()
    .split('\n')
    .map((l) => l.trim().replace(/,$/, ''))
    .filter((l) => l.length > 0)
    .map(Number)
    .filter((v) => Number.isFinite(v));
  return {
    width,
    height,
    codec: String(stream.codec_name ?? 'unknown'),
    nominalFps: parseRate(String(stream.r_frame_rate ?? '')) ?? parseRate(String(stream.avg_frame_rate ?? '')),
    timestampsS,
  };
}

/** Every frame as 8-bit grey, exactly as stored (no frame dropped or duplicated to a fixed rate). */
export async function decodeGreyFrames(tools: FfmpegTools, file: string, probe: VideoProbe, maxBytes: number): Promise<Uint8Array[]> {
  const raw = await run(
    tools.ffmpeg,
    ['-v', 'error', '-i', file, '-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    600_000,
    maxBytes,
  );
  const frameSize = probe.width * probe.height;
  const count = Math.floor(raw.length / frameSize);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) frames.push(new Uint8Array(raw.buffer, raw.byteOffset + i * frameSize, frameSize));
  return frames;
}
