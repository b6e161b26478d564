/**
 * Cuts a digest into messages of at most `maxLength` UTF-16 code units (what chat APIs count;
 * domain.md §9.4 keeps each under ~3,500 characters): whole sections (separated by blank lines)
 * while they fit, then whole lines of a section that does not, and only a line longer than the
 * limit is itself cut, at the last space that fits (never inside a surrogate pair).
 */
export function splitDigest(text: string, maxLength: number): string[] {
  if (!Number.isInteger(maxLength) || maxLength < 2) throw new RangeError(`splitDigest: maxLength must be an integer ≥ 2, got ${maxLength}`);
  const parts: string[] = [];
  let current = "";
  const push = (piece: string, separator: string) => {
    if (current === "") current = piece;
    else if (current.length + separator.length + piece.length <= maxLength) current += separator + piece;
    else {
      parts.push(current);
      current = piece;
    }
  };
  for (const section of text.split(/\n(?:[ \t]*\n)+/)) {
    if (section.trim() === "") continue;
    if (section.length <= maxLength) {
      push(section, "\n\n");
      continue;
    }
    for (const [i, line] of section.split("\n").entries()) {
      const separator = i === 0 ? "\n\n" : "\n";
      for (const piece of line.length <= maxLength ? [line] : cutLine(line, maxLength)) push(piece, separator);
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}

function cutLine(line: string, maxLength: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > maxLength) {
    let end = rest.lastIndexOf(" ", maxLength);
    if (end <= 0) {
      end = maxLength;
      const code = rest.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end--;
    }
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end).replace(/^ /, "");
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}
