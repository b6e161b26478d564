/**
 * A unit's name as people read it: its type word, then its name, once ("Xã Hà Trung", "Bản Nà
 * Lơi", "Tiểu khu 2"). A name that already starts with its type word (the national list writes
 * "Xã Hà Trung"; a village typed as "Bản Hon" of type "Bản") is not given it twice.
 */

/** The words villages and residential groups are called by, which their names keep (NĐ 86/2023 and local usage). */
export const VILLAGE_WORDS = ["Thôn", "Bản", "Buôn", "Plei", "Ấp", "Làng", "Xóm", "Sóc", "Khóm", "Khu phố", "Tiểu khu", "Tổ dân phố", "Khu dân cư", "Khu"] as const;

export function unitDisplayName(u: { name: string; localTypeName?: string | null }): string {
  const type = u.localTypeName?.trim();
  if (!type || startsWithWord(u.name, type)) return u.name;
  return `${type} ${u.name}`;
}

/** The name without its type word, as a place is written on a date line: "Hà Trung" of "Xã Hà Trung". */
export function unitBareName(u: { name: string; localTypeName?: string | null }): string {
  const type = u.localTypeName?.trim();
  return type && startsWithWord(u.name, type) && u.name.trim().length > type.length ? u.name.trim().slice(type.length).trim() : u.name;
}

/** The local word a village's name starts with ("Bản" of "Bản Nà Lơi"), or null: the longest that fits. */
export function villageWordOf(name: string): string | null {
  const words = [...VILLAGE_WORDS].sort((a, b) => b.length - a.length);
  return words.find((w) => startsWithWord(name, w) && name.trim().length > w.length) ?? null;
}

/** Whether `name` starts with `word` as a whole word, whatever the case. */
function startsWithWord(name: string, word: string): boolean {
  const n = name.trim().toLocaleLowerCase("vi");
  const w = word.toLocaleLowerCase("vi");
  return n === w || n.startsWith(`${w} `);
}
