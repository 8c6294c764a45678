import {
  AngleTool,
  CobbAngleTool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import type { MeasurementKind } from '../../../common/api';

/** The tools a user picks from the toolbar; each binds to the primary (left) mouse button. */
export type PrimaryTool = 'windowLevel' | 'pan' | 'zoom' | 'length' | 'angle' | 'cobb';

export const TOOL_NAMES: Record<PrimaryTool, string> = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  length: LengthTool.toolName,
  angle: AngleTool.toolName,
  cobb: CobbAngleTool.toolName,
};

export const MEASUREMENT_TOOLS: Record<MeasurementKind, string> = {
  length: LengthTool.toolName,
  angle: AngleTool.toolName,
  cobb: CobbAngleTool.toolName,
};

export function kindOfTool(toolName: string): MeasurementKind | null {
  for (const [kind, name] of Object.entries(MEASUREMENT_TOOLS) as [MeasurementKind, string][]) {
    if (name === toolName) return kind;
  }
  return null;
}

/**
 * One tool group per viewport: the chosen tool on the left button, pan on the middle button, zoom
 * on the right button and scrolling frames with the wheel — what OHIF users expect.
 */
export type TextLines = (kind: MeasurementKind, data: object, targetId: string) => string[] | undefined;

export function createToolGroup(id: string, viewportId: string, renderingEngineId: string, textLines?: TextLines) {
  ToolGroupManager.destroyToolGroup(id);
  const group = ToolGroupManager.createToolGroup(id);
  if (!group) throw new Error('Could not create the tool group.');
  for (const name of [...Object.values(TOOL_NAMES), StackScrollTool.toolName]) group.addTool(name);
  group.addViewport(viewportId, renderingEngineId);
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
  if (textLines) {
    for (const [kind, name] of Object.entries(MEASUREMENT_TOOLS) as [MeasurementKind, string][]) {
      group.setToolConfiguration(name, { getTextLines: (data: object, targetId: string) => textLines(kind, data, targetId) });
    }
  }
  return group;
}

export function setPrimaryTool(groupId: string, tool: PrimaryTool): void {
  const group = ToolGroupManager.getToolGroup(groupId);
  if (!group) return;
  // Passive removes only the primary-button binding: pan keeps the middle button, zoom the right
  // one, and measurement tools stay visible and editable.
  for (const [key, name] of Object.entries(TOOL_NAMES) as [PrimaryTool, string][]) {
    if (key !== tool) group.setToolPassive(name);
  }
  group.setToolActive(TOOL_NAMES[tool], { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
}

export function destroyToolGroup(id: string): void {
  ToolGroupManager.destroyToolGroup(id);
}
