import { init as coreInit, getShouldUseCPURendering, setUseCPURendering } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import { installLoaderFixes } from './loaderFixes';
import {
  addTool,
  AngleTool,
  CobbAngleTool,
  init as toolsInit,
  LengthTool,
  PanTool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';

let ready: Promise<{ cpuRendering: boolean; reason: string }> | null = null;

/**
 * Which renderer to use. A hardware WebGL context is fastest; a software one (SwiftShader, llvmpipe:
 * machines without a GPU, headless browsers) is slower for 2D stacks than Cornerstone's CPU path —
 * measured here: 300-frame 512² cine at 27 fps with 5–35 % dropped frames through SwiftShader, 30 fps
 * with none on the CPU path — so software WebGL is treated like no WebGL.
 */
export function chooseRendering(): { cpu: boolean; reason: string } {
  if (new URLSearchParams(location.search).has('cpu')) return { cpu: true, reason: 'requested (?cpu)' };
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { cpu: true, reason: 'no WebGL' };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    if (/swiftshader|llvmpipe|software|softpipe/i.test(renderer)) return { cpu: true, reason: `software WebGL (${renderer})` };
    return { cpu: false, reason: renderer };
  } catch {
    return { cpu: true, reason: 'WebGL failed' };
  }
}

/**
 * Initialises Cornerstone3D once per page: core (hardware WebGL, else CPU rendering),
 * the DICOM image loader with its decoding web workers, and the tools Kestrel uses.
 */
export function initCornerstone(): Promise<{ cpuRendering: boolean; reason: string }> {
  if (!ready) {
    ready = (async () => {
      const choice = chooseRendering();
      if (choice.cpu) setUseCPURendering(true);
      await coreInit();
      dicomImageLoaderInit({ maxWebWorkers: Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4)) });
      installLoaderFixes();
      toolsInit();
      for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool, AngleTool, CobbAngleTool]) {
        addTool(tool);
      }
      return { cpuRendering: getShouldUseCPURendering(), reason: choice.reason };
    })();
  }
  return ready;
}
