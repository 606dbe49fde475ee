// The clerk's seat, chosen once per browser: the seat number and the categories it calls. Kept in
// localStorage per user, so the window's own PC remembers it across sign-ins and reloads.
export interface SeatSetting {
  readonly seat: string;
  readonly categories: readonly string[];
}

const keyOf = (username: string): string => `onewindow.desk.seat.${username}`;

export function loadSeat(username: string): SeatSetting | undefined {
  try {
    const raw = localStorage.getItem(keyOf(username));
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || !('seat' in value) || !('categories' in value)) return undefined;
    const { seat, categories } = value;
    if (typeof seat !== 'string' || !Array.isArray(categories) || !categories.every((c): c is string => typeof c === 'string')) return undefined;
    return { seat, categories };
  } catch {
    // Storage off or a value from an older version: choose the seat again.
    return undefined;
  }
}

export function saveSeat(username: string, setting: SeatSetting | undefined): void {
  try {
    if (setting) localStorage.setItem(keyOf(username), JSON.stringify(setting));
    else localStorage.removeItem(keyOf(username));
  } catch {
    // Not remembered; the seat still works for this page.
  }
}
