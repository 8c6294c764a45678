/** Transport icons as inline SVG: glyphs like ⏮ are missing from many system fonts. */
const box = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;

export const FirstIcon = () => (
  <svg {...box}>
    <rect x="2" y="3" width="2" height="10" fill="currentColor" />
    <path d="M14 3 L5 8 L14 13 Z" fill="currentColor" />
  </svg>
);
export const PrevIcon = () => (
  <svg {...box}>
    <path d="M11 3 L4 8 L11 13 Z" fill="currentColor" />
  </svg>
);
export const PlayIcon = () => (
  <svg {...box}>
    <path d="M4 2 L13 8 L4 14 Z" fill="currentColor" />
  </svg>
);
export const PauseIcon = () => (
  <svg {...box}>
    <rect x="3" y="2" width="3.5" height="12" fill="currentColor" />
    <rect x="9.5" y="2" width="3.5" height="12" fill="currentColor" />
  </svg>
);
export const NextIcon = () => (
  <svg {...box}>
    <path d="M5 3 L12 8 L5 13 Z" fill="currentColor" />
  </svg>
);
export const LastIcon = () => (
  <svg {...box}>
    <path d="M2 3 L11 8 L2 13 Z" fill="currentColor" />
    <rect x="12" y="3" width="2" height="10" fill="currentColor" />
  </svg>
);
