// What the app shows of one event, shared by the Read cards and the Explore source panel.
import type { ArticleOutput, Entity, Event } from "./api";
import type { Mark } from "./highlight";

export function entityName(e: Entity): string {
  const name = e.name || e.text;
  const tags = [e.country, ...(e.sector ?? [])].filter(Boolean).join(" ");
  return tags ? `${name} (${tags})` : name;
}

export function names(list: Entity[] | undefined): string {
  return (list ?? []).map(entityName).join("; ");
}

export function acledType(e: { acled?: { event_type: string; sub_event_type?: string | null } | null }): string {
  if (!e.acled) return "";
  return e.acled.sub_event_type ? `${e.acled.event_type} / ${e.acled.sub_event_type}` : e.acled.event_type;
}

export const COUNTS = ["killed", "injured", "arrested", "displaced"] as const;

export function counts(e: Event): string {
  const size = e.size ?? {};
  return COUNTS.filter((k) => size[k])
    .map((k) => {
      const c = size[k]!;
      const q = c.qualifier && c.qualifier !== "exact" ? `${c.qualifier.replace(/_/g, " ")} ` : "";
      return `${k} ${q}${c.count}`;
    })
    .join(", ");
}

/** Every span that is evidence for one field of the event. */
export function evidence(e: Event): Mark[] {
  const m: Mark[] = [{ span: e.trigger.span, cls: "evidence", title: `trigger of ${e.category}` }];
  for (const a of e.actor ?? []) m.push({ span: a.span, cls: "evidence", title: "actor" });
  for (const r of e.recipient ?? []) m.push({ span: r.span, cls: "evidence", title: "recipient" });
  for (const r of e.reported_by ?? []) m.push({ span: r.span, cls: "evidence", title: "reported by" });
  if (e.location?.span) m.push({ span: e.location.span, cls: "evidence", title: "location" });
  if (e.date?.span) m.push({ span: e.date.span, cls: "evidence", title: "date" });
  for (const k of COUNTS) {
    const c = e.size?.[k];
    if (c?.span) m.push({ span: c.span, cls: "evidence", title: k });
  }
  return m;
}

/** The kind highlights of a whole article: every mention the engine lists, not only those of events. */
export function mentionMarks(out: ArticleOutput): Mark[] {
  const m: Mark[] = [];
  for (const q of out.quotes ?? []) m.push({ span: q.span, cls: "hl-quote", title: `quote of ${q.speaker ? entityName(q.speaker) : "an unnamed speaker"}` });
  for (const e of out.entities ?? []) m.push({ span: e.span, cls: "hl-actor", title: entityName(e) });
  for (const p of out.places ?? []) {
    const where = p.resolved === false ? "unresolved" : [p.name, p.admin1, p.country].filter(Boolean).join(", ");
    m.push({ span: p.span, cls: "hl-place", title: `place: ${where}` });
  }
  for (const d of out.dates ?? []) m.push({ span: d.span, cls: "hl-date", title: `date: ${d.value ?? "?"}` });
  for (const q of out.quantities ?? []) m.push({ span: q.span, cls: "hl-qty", title: `count: ${q.count ?? "?"}` });
  for (const e of out.events ?? []) m.push({ span: e.trigger.span, cls: "hl-trigger", title: `${e.category} (${e.modality})` });
  return m;
}

function row(dl: HTMLElement, label: string, value: string): void {
  if (!value) return;
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = value;
  dl.append(dt, dd);
}

/** A card for one event (text only; the caller wires the click). */
export function card(e: Event): HTMLElement {
  const div = document.createElement("div");
  div.className = "event-card";
  div.dataset.eventId = e.id;
  div.dataset.category = e.category;
  const head = document.createElement("div");
  const cat = document.createElement("span");
  cat.className = "cat";
  cat.textContent = e.category;
  head.append(cat);
  const extra = [acledType(e), e.modality !== "asserted" ? e.modality : "", e.historical ? "historical" : ""].filter(Boolean).join(" · ");
  if (extra) head.append(document.createTextNode(` ${extra}`));
  div.append(head);
  const dl = document.createElement("dl");
  row(dl, "trigger", `“${e.trigger.text}”`);
  row(dl, "actor", names(e.actor));
  row(dl, "recipient", names(e.recipient));
  row(dl, "where", e.location ? [e.location.name || e.location.text, e.location.country].filter(Boolean).join(", ") : "");
  row(dl, "when", e.date?.value ?? "");
  row(dl, "counts", counts(e));
  row(dl, "reported by", names(e.reported_by));
  row(dl, "confidence", e.confidence.toFixed(2));
  div.append(dl);
  return div;
}
