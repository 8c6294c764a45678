import { useTranslation } from 'react-i18next';
import type { PrimaryTool } from './cornerstone/tools';

const TOOLS: PrimaryTool[] = ['windowLevel', 'pan', 'zoom', 'length', 'angle', 'cobb'];
const ICONS: Record<PrimaryTool, string> = { windowLevel: '◐', pan: '✥', zoom: '⌕', length: '↔', angle: '∠', cobb: '⦣' };

export interface ToolbarProps {
  tool: PrimaryTool;
  onTool(tool: PrimaryTool): void;
  onFit(): void;
  onInvert(): void;
  onReset(): void;
  onUndo(): void;
  onRedo(): void;
  canUndo: boolean;
  canRedo: boolean;
}

export function Toolbar(p: ToolbarProps) {
  const { t } = useTranslation();
  return (
    <div className="toolbar" role="toolbar" aria-label="tools">
      {TOOLS.map((tool) => (
        <button
          key={tool}
          type="button"
          className={p.tool === tool ? 'tool on' : 'tool'}
          aria-pressed={p.tool === tool}
          data-tool={tool}
          title={t(`viewer.tools.${tool}`)}
          onClick={() => p.onTool(tool)}
        >
          <span aria-hidden="true">{ICONS[tool]}</span> {t(`viewer.tools.${tool}`)}
        </button>
      ))}
      <span className="sep" />
      <button type="button" className="tool" onClick={p.onFit} data-action="fit">
        {t('viewer.tools.fit')}
      </button>
      <button type="button" className="tool" onClick={p.onInvert} data-action="invert">
        {t('viewer.tools.invert')}
      </button>
      <button type="button" className="tool" onClick={p.onReset} data-action="reset">
        {t('viewer.tools.reset')}
      </button>
      <span className="sep" />
      <button type="button" className="tool" onClick={p.onUndo} disabled={!p.canUndo} data-action="undo">
        ↶ {t('viewer.tools.undo')}
      </button>
      <button type="button" className="tool" onClick={p.onRedo} disabled={!p.canRedo} data-action="redo">
        ↷ {t('viewer.tools.redo')}
      </button>
    </div>
  );
}
