/**
 * Who decides an award for a given subject on a given date, and the award's printed title,
 * rendered from the administrative unit: "Giấy khen của Chủ tịch UBND phường Kon Tum",
 * "Bằng khen của Chủ tịch UBND thành phố Hà Nội". Without a unit the generic title is used
 * ("Chủ tịch UBND cấp xã"). Pure.
 */
import { findGrantor, type Holder, type LawAward, type LawCatalogue } from "./award-catalogue.ts";

/** A unit as the title needs it: its name and the word for its type ("Phường", "Thành phố"). */
export interface PlaceUnit {
  name: string;
  type: string;
  localTypeName?: string | null;
  level: string;
}

/** The commune-level and province-level units of the nominee (either may be unknown). */
export interface GrantorPlace {
  xa?: PlaceUnit | undefined;
  tinh?: PlaceUnit | undefined;
}

export interface ResolvedGrantor {
  /** Key of authorities.yaml. */
  authority: string;
  /** "Chủ tịch UBND phường Kon Tum", or the generic "Chủ tịch UBND cấp xã". */
  title: string;
  basis: string;
  /** The award's printed title with the grantor filled in. */
  awardTitle: string;
  /** Beyond the commune's power: the commune proposes it to the higher level. */
  upward: boolean;
}

/** The place from a unit and its ancestors (province first, as UnitDirectory.chain gives them). */
export function placeFromChain(chain: readonly PlaceUnit[]): GrantorPlace {
  return { xa: chain.find((u) => u.level === "XA"), tinh: chain.find((u) => u.level === "TINH") };
}

/** "phường Kon Tum", "thành phố Hà Nội", "đặc khu Côn Đảo": the unit's type word in lower case and its name. */
export function unitWords(u: PlaceUnit): string {
  const word = (u.localTypeName?.trim() || u.type).toLocaleLowerCase("vi");
  // The national list writes the word into the name ("Xã Hà Trung"): lower-cased there, not repeated.
  return u.name.toLocaleLowerCase("vi").startsWith(`${word} `) ? `${word}${u.name.slice(word.length)}` : `${word} ${u.name}`;
}

export function resolveGrantor(
  law: Pick<LawCatalogue, "authorities">,
  award: LawAward,
  holder: Holder,
  onIso: string,
  place: GrantorPlace = {},
): ResolvedGrantor | undefined {
  const rule = findGrantor(award, holder, onIso);
  const authority = rule ? law.authorities[rule.authority] : undefined;
  if (!rule || !authority) return undefined;
  const words: Record<string, string | undefined> = {
    xa: place.xa ? unitWords(place.xa) : undefined,
    tinh: place.tinh ? unitWords(place.tinh) : undefined,
  };
  const title = fill(authority.title, words) ?? authority.generic;
  const awardTitle = award.title ? fill(award.title, { ...words, grantor: title }) ?? fill(award.title, { grantor: authority.generic }) ?? award.name : award.name;
  return { authority: rule.authority, title, basis: rule.basis, awardTitle, upward: award.upward };
}

/** Fills {key} placeholders; undefined when one of them has no value. */
function fill(template: string, values: Record<string, string | undefined>): string | undefined {
  let missing = false;
  const out = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) missing = true;
    return v ?? "";
  });
  return missing ? undefined : out;
}
