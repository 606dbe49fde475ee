// Who is signed in. The api keeps the session in an httpOnly cookie, so the app asks
// GET /api/auth/me on start; 401 means nobody is signed in and the login page shows.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../../api/auth/roles.js';
import { apiCall, apiJson, ApiFailure } from './api.js';

/** The api's StaffView (api/routes/auth.ts). */
export interface StaffView {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly roleLabels: readonly string[];
  readonly orgUnit: string;
  readonly orgLevel: 'county' | 'town';
  readonly groups: readonly string[];
}

interface OrgUnit {
  readonly id: string;
  readonly name: string;
}

type SessionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'signed-in'; readonly staff: StaffView };

export interface Session {
  readonly state: SessionState;
  /** The unit's name for the top bar (the id while the list is loading or unavailable). */
  unitName(id: string): string;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [units, setUnits] = useState<readonly OrgUnit[]>([]);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let alive = true;
    apiJson<StaffView>('GET', '/auth/me', '读取登录状态')
      .then((staff) => alive && setState({ kind: 'signed-in', staff }))
      .catch((error: unknown) => {
        if (!alive) return;
        if (error instanceof ApiFailure && error.status === 401) setState({ kind: 'signed-out' });
        else setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      });
    // Unit names only decorate the top bar: without them the unit id shows.
    apiJson<OrgUnit[]>('GET', '/org-units', '读取机构')
      .then((list) => alive && setUnits(list))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [attempt]);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await apiJson<{ staff: StaffView }>('POST', '/auth/login', '登录', { username, password });
    setState({ kind: 'signed-in', staff: answer.staff });
  }, []);

  const logout = useCallback(async () => {
    await apiCall('POST', '/auth/logout', '退出登录');
    setState({ kind: 'signed-out' });
  }, []);

  const session = useMemo<Session>(
    () => ({
      state,
      unitName: (id) => units.find((u) => u.id === id)?.name ?? id,
      login,
      logout,
      retry: () => setAttempt((n) => n + 1),
    }),
    [state, units, login, logout],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession: no SessionProvider above this component');
  return session;
}
