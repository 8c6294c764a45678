import { useCallback, useEffect, useState } from 'react';

export type Route = { page: 'worklist' } | { page: 'models' } | { page: 'study'; studyId: number };

export function parseRoute(hash: string): Route {
  const m = /^#\/study\/(\d+)$/.exec(hash);
  if (m) return { page: 'study', studyId: Number(m[1]) };
  if (hash === '#/models') return { page: 'models' };
  return { page: 'worklist' };
}

/** Hash routing: a reload keeps the open study, and the browser's back button works. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((next: Route) => {
    window.location.hash = next.page === 'study' ? `#/study/${next.studyId}` : next.page === 'models' ? '#/models' : '#/';
  }, []);
  return [route, go];
}
