import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FrameTiming } from '../../../common/api';
import { SPEEDS, timeFromOriginMs, type FrameRange } from '../../../common/cine/playback';
import { FirstIcon, LastIcon, NextIcon, PauseIcon, PlayIcon, PrevIcon } from './icons';

export interface CineBarProps {
  frame: number;
  total: number;
  timing: FrameTiming | null;
  playing: boolean;
  speed: number;
  loop: FrameRange;
  origin: number;
  onSeek(frame: number): void;
  onToggle(): void;
  onSpeed(speed: number): void;
  onLoopIn(): void;
  onLoopOut(): void;
  onLoopClear(): void;
  onOrigin(frame: number): void;
  onSetRate(fps: number): void;
}

export function CineBar(p: CineBarProps) {
  const { t, i18n } = useTranslation();
  const [rate, setRate] = useState('30');
  const timestamps = p.timing?.timestampsMs ?? null;
  const ms = timeFromOriginMs(timestamps, p.frame, p.origin);
  const num = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const canPlay = timestamps !== null && p.total > 1;
  const fullLoop = p.loop.start === 0 && p.loop.end === p.total - 1;
  const source = p.timing ? (p.timing.source === 'user' ? t('viewer.rateUser') : p.timing.source) : '';

  return (
    <div className="cinebar" data-testid="cinebar">
      {p.timing?.source === 'none' && (
        <form
          className="rate-prompt"
          onSubmit={(e) => {
            e.preventDefault();
            const fps = Number(rate);
            if (fps >= 1 && fps <= 1000) p.onSetRate(fps);
          }}
        >
          <span>{t('viewer.rateUnknown')}</span>
          <input type="number" min={1} max={1000} step="any" value={rate} onChange={(e) => setRate(e.target.value)} aria-label="fps" />
          <button type="submit">{t('viewer.rateSave')}</button>
        </form>
      )}
      <div className="row">
        <button type="button" onClick={() => p.onSeek(0)} title={t('viewer.first')} aria-label={t('viewer.first')}>
          <FirstIcon />
        </button>
        <button type="button" onClick={() => p.onSeek(p.frame - 1)} title={t('viewer.prev')} aria-label={t('viewer.prev')}>
          <PrevIcon />
        </button>
        <button
          type="button"
          className="play"
          disabled={!canPlay}
          onClick={p.onToggle}
          data-testid="play"
          aria-label={p.playing ? t('viewer.pause') : t('viewer.play')}
          title={p.playing ? t('viewer.pause') : t('viewer.play')}
        >
          {p.playing ? <PauseIcon /> : <PlayIcon />}
        </button>
        <button type="button" onClick={() => p.onSeek(p.frame + 1)} title={t('viewer.next')} aria-label={t('viewer.next')}>
          <NextIcon />
        </button>
        <button type="button" onClick={() => p.onSeek(p.total - 1)} title={t('viewer.last')} aria-label={t('viewer.last')}>
          <LastIcon />
        </button>
        <input
          type="range"
          className="scrub"
          min={0}
          max={Math.max(0, p.total - 1)}
          value={p.frame}
          onChange={(e) => p.onSeek(Number(e.target.value))}
          aria-label={t('viewer.frame', { current: p.frame + 1, total: p.total })}
        />
        <span className="counter" data-testid="frame-counter" data-frame={p.frame}>
          {t('viewer.frame', { current: p.frame + 1, total: p.total })}
          {ms !== null && <> · {t('viewer.time', { ms: num.format(ms) })}</>}
        </span>
      </div>
      <div className="row small">
        <label>
          {t('viewer.speed')}{' '}
          <select value={p.speed} onChange={(e) => p.onSpeed(Number(e.target.value))} data-testid="speed">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={p.onLoopIn}>
          [ {t('viewer.loopIn')}
        </button>
        <button type="button" onClick={p.onLoopOut}>
          {t('viewer.loopOut')} ]
        </button>
        {!fullLoop && (
          <button type="button" onClick={p.onLoopClear}>
            {t('viewer.loopClear')}
          </button>
        )}
        <span className="muted">{t('viewer.loop', { start: p.loop.start + 1, end: p.loop.end + 1 })}</span>
        <span className="sep" />
        <span className="muted">{t('viewer.origin', { frame: p.origin + 1 })}</span>
        <button type="button" onClick={() => p.onOrigin(p.frame)}>
          {t('viewer.setOrigin')}
        </button>
        {p.origin !== 0 && (
          <button type="button" onClick={() => p.onOrigin(0)}>
            {t('viewer.resetOrigin')}
          </button>
        )}
        <span className="spacer" />
        {p.timing?.fps && (
          <span className="rate" data-testid="frame-rate">
            {t('viewer.rate', { fps: num.format(p.timing.fps), source })}
            {p.timing.variable ? ` · ${t('viewer.variable')}` : ''}
          </span>
        )}
      </div>
    </div>
  );
}
