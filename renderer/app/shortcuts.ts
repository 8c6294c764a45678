/**
 * Keyboard shortcuts as data: the viewer and worklist dispatch from this table and the help panel
 * lists it, so the two can never disagree.
 */
export type ShortcutId =
  | 'prevFrame'
  | 'nextFrame'
  | 'firstFrame'
  | 'lastFrame'
  | 'playPause'
  | 'slower'
  | 'faster'
  | 'loopIn'
  | 'loopOut'
  | 'windowLevel'
  | 'pan'
  | 'zoom'
  | 'length'
  | 'angle'
  | 'cobb'
  | 'fit'
  | 'invert'
  | 'reset'
  | 'undo'
  | 'redo'
  | 'help'
  | 'back'
  | 'open'
  | 'move';

export interface Shortcut {
  id: ShortcutId;
  /** Display form of the keys, e.g. "Ctrl+Z". */
  keys: string[];
  scope: 'viewer' | 'worklist' | 'global';
  match: (e: KeyboardEvent) => boolean;
}

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean } = {}) => (e: KeyboardEvent): boolean =>
  e.key.toLowerCase() === k.toLowerCase() &&
  (e.ctrlKey || e.metaKey) === (mods.ctrl ?? false) &&
  (mods.shift === undefined || e.shiftKey === mods.shift) &&
  !e.altKey;

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'prevFrame', keys: ['←'], scope: 'viewer', match: key('ArrowLeft') },
  { id: 'nextFrame', keys: ['→'], scope: 'viewer', match: key('ArrowRight') },
  { id: 'firstFrame', keys: ['Home'], scope: 'viewer', match: key('Home') },
  { id: 'lastFrame', keys: ['End'], scope: 'viewer', match: key('End') },
  { id: 'playPause', keys: ['Space'], scope: 'viewer', match: key(' ') },
  { id: 'slower', keys: ['-'], scope: 'viewer', match: key('-') },
  { id: 'faster', keys: ['+'], scope: 'viewer', match: (e) => key('+')(e) || key('=')(e) },
  { id: 'loopIn', keys: ['['], scope: 'viewer', match: key('[') },
  { id: 'loopOut', keys: [']'], scope: 'viewer', match: key(']') },
  { id: 'windowLevel', keys: ['W'], scope: 'viewer', match: key('w') },
  { id: 'pan', keys: ['P'], scope: 'viewer', match: key('p') },
  { id: 'zoom', keys: ['Z'], scope: 'viewer', match: key('z') },
  { id: 'length', keys: ['L'], scope: 'viewer', match: key('l') },
  { id: 'angle', keys: ['A'], scope: 'viewer', match: key('a') },
  { id: 'cobb', keys: ['C'], scope: 'viewer', match: key('c') },
  { id: 'fit', keys: ['F'], scope: 'viewer', match: key('f') },
  { id: 'invert', keys: ['I'], scope: 'viewer', match: key('i') },
  { id: 'reset', keys: ['R'], scope: 'viewer', match: key('r') },
  { id: 'undo', keys: ['Ctrl+Z'], scope: 'viewer', match: key('z', { ctrl: true, shift: false }) },
  {
    id: 'redo',
    keys: ['Ctrl+Y', 'Ctrl+Shift+Z'],
    scope: 'viewer',
    match: (e) => key('y', { ctrl: true })(e) || key('z', { ctrl: true, shift: true })(e),
  },
  { id: 'help', keys: ['?'], scope: 'global', match: (e) => e.key === '?' || (e.key === 'F1' && !e.ctrlKey) },
  { id: 'back', keys: ['Esc'], scope: 'global', match: key('Escape') },
  { id: 'open', keys: ['Enter'], scope: 'worklist', match: key('Enter') },
  { id: 'move', keys: ['↑', '↓'], scope: 'worklist', match: (e) => key('ArrowUp')(e) || key('ArrowDown')(e) },
];

export function findShortcut(e: KeyboardEvent, scope: Shortcut['scope']): ShortcutId | null {
  const target = e.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) {
    return null;
  }
  for (const s of SHORTCUTS) if ((s.scope === scope || s.scope === 'global') && s.match(e)) return s.id;
  return null;
}
