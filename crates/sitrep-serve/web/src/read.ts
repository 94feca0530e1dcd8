// The Read view: an article in, its text with every mention highlighted and its event cards out.
import { extract, type ArticleOutput, type Event } from "./api";
import { card, entityName, evidence, mentionMarks } from "./event";
import { render } from "./highlight";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let current: { text: string; out: ArticleOutput } | null = null;

function show(selected: Event | null): void {
  if (!current) return;
  const marks = mentionMarks(current.out);
  if (selected) marks.push(...evidence(selected));
  const first = render($("read-text"), current.text, marks, selected ? "evidence" : undefined);
  first?.scrollIntoView({ block: "nearest" });
  for (const c of document.querySelectorAll<HTMLElement>("#event-cards .event-card")) {
    c.classList.toggle("selected", !!selected && c.dataset.eventId === selected.id);
  }
}

function fill(text: string, out: ArticleOutput): void {
  current = { text, out };
  $("read-result").hidden = false;
  const cards = $("event-cards");
  cards.replaceChildren();
  for (const e of out.events) {
    const c = card(e);
    c.addEventListener("click", () => show(c.classList.contains("selected") ? null : e));
    cards.append(c);
  }
  $("event-count").textContent = `(${out.events.length})`;
  const quotes = $("quotes");
  quotes.replaceChildren();
  for (const q of out.quotes) {
    const li = document.createElement("li");
    li.className = "quote";
    const who = document.createElement("strong");
    who.className = "speaker";
    who.textContent = q.speaker ? entityName(q.speaker) : "(speaker not found)";
    // quotation marks only where the text has them: reported speech is the writer's words
    li.append(who, document.createTextNode(q.direct ? `: “${q.text}”` : ` (reported): ${q.text}`));
    quotes.append(li);
  }
  $("quote-count").textContent = `(${out.quotes.length})`;
  show(null);
}

async function submit(ev: SubmitEvent): Promise<void> {
  ev.preventDefault();
  const text = $<HTMLTextAreaElement>("article-text").value;
  const status = $("read-status");
  if (!text.trim()) {
    status.textContent = "Paste or open an article first.";
    return;
  }
  status.className = "status";
  status.textContent = "Reading…";
  try {
    const published = $<HTMLInputElement>("article-date").value || undefined;
    const title = $<HTMLInputElement>("article-title").value || undefined;
    const out = await extract({ id: "pasted", title, text, published });
    fill(text, out);
    status.textContent = `${out.events.length} events, ${out.entities.length} actors, ${out.places.length} places, ${out.quotes.length} quotes`;
  } catch (e) {
    status.className = "status error";
    status.textContent = `Could not read the article: ${(e as Error).message}`;
  }
}

/** A file's text into the form: plain text as it is; a JSON article's fields where it has them. */
async function open(file: File): Promise<void> {
  const raw = await file.text();
  let text = raw;
  if (/\.jsonl?$/i.test(file.name)) {
    try {
      const a = JSON.parse(raw.split("\n").find((l) => l.trim()) ?? "{}");
      text = a.text ?? raw;
      if (a.title) $<HTMLInputElement>("article-title").value = a.title;
      if (typeof a.published === "string") $<HTMLInputElement>("article-date").value = a.published.slice(0, 10);
    } catch {
      /* not an article object: read it as text */
    }
  }
  $<HTMLTextAreaElement>("article-text").value = text;
}

export function initRead(): void {
  $<HTMLFormElement>("read-form").addEventListener("submit", (e) => void submit(e));
  $<HTMLInputElement>("article-file").addEventListener("change", (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void open(f);
  });
}
