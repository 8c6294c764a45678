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

let ready: Promise<{ cpuRendering: boolean }> | null = null;

function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return canvas.getContext('webgl2') !== null || canvas.getContext('webgl') !== null;
  } catch {
    return false;
  }
}

/**
 * Initialises Cornerstone3D once per page: core (WebGL, or CPU rendering where WebGL is missing),
 * the DICOM image loader with its decoding web workers, and the tools Kestrel uses.
 */
export function initCornerstone(): Promise<{ cpuRendering: boolean }> {
  if (!ready) {
    ready = (async () => {
      if (!webglAvailable()) setUseCPURendering(true);
      await coreInit();
      dicomImageLoaderInit({ maxWebWorkers: Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4)) });
      installLoaderFixes();
      toolsInit();
      for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool, AngleTool, CobbAngleTool]) {
        addTool(tool);
      }
      return { cpuRendering: getShouldUseCPURendering() };
    })();
  }
  return ready;
}
