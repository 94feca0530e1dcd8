// Highlighting spans of an article's text. Spans count Unicode scalar values (SPEC §1);
// JavaScript strings count UTF-16 units, so offsets go through `codePointIndex` first.
import type { Span } from "./api";

export interface Mark {
  span: Span;
  cls: string;
  title?: string;
}

/** UTF-16 offset of every code point offset 0..=n of `text`. */
export function codePointIndex(text: string): number[] {
  const idx: number[] = [];
  let u = 0;
  for (const ch of text) {
    idx.push(u);
    u += ch.length;
  }
  idx.push(u);
  return idx;
}

export interface Segment {
  text: string;
  classes: string[];
  titles: string[];
  start: number; // code points
}

/** Cuts `text` at every mark boundary; each piece lists the marks that cover it. Marks may
 *  nest or overlap; spans outside the text are clipped, empty ones dropped. */
export function segments(text: string, marks: Mark[]): Segment[] {
  const idx = codePointIndex(text);
  const n = idx.length - 1;
  const clipped = marks
    .map((m) => ({ ...m, s: Math.max(0, Math.min(n, m.span[0])), e: Math.max(0, Math.min(n, m.span[1])) }))
    .filter((m) => m.e > m.s);
  const cuts = new Set<number>([0, n]);
  for (const m of clipped) {
    cuts.add(m.s);
    cuts.add(m.e);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    const cover = clipped.filter((m) => m.s <= s && m.e >= e);
    out.push({
      text: text.slice(idx[s], idx[e]),
      classes: [...new Set(cover.map((m) => m.cls))],
      titles: [...new Set(cover.map((m) => m.title).filter((t): t is string => !!t))],
      start: s,
    });
  }
  return out;
}

/** Fills `el` with the text, marked pieces as <mark> elements (text nodes only: no HTML from
 *  the article is ever interpreted). Returns the first element with class `first`, if any. */
export function render(el: HTMLElement, text: string, marks: Mark[], first?: string): HTMLElement | null {
  el.replaceChildren();
  let found: HTMLElement | null = null;
  for (const seg of segments(text, marks)) {
    if (seg.classes.length === 0) {
      el.append(document.createTextNode(seg.text));
      continue;
    }
    const m = document.createElement("mark");
    m.className = seg.classes.join(" ");
    if (seg.titles.length) m.title = seg.titles.join("\n");
    m.textContent = seg.text;
    el.append(m);
    if (first && !found && seg.classes.includes(first)) found = m;
  }
  return found;
}
