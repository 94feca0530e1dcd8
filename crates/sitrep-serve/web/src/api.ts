// Types of the JSON the server sends (SPEC §1) — only the fields the app reads.
export type Span = [number, number];

export interface Entity {
  text: string;
  name?: string | null;
  span: Span;
  country?: string | null;
  sector?: string[];
  kind?: string;
  role?: string | null;
}

export interface Place {
  text: string;
  name?: string | null;
  span: Span;
  lat?: number | null;
  lon?: number | null;
  country?: string | null;
  admin1?: string | null;
  resolved?: boolean;
}

export interface Count {
  count: number;
  qualifier?: string;
  text?: string;
  span?: Span;
}

export interface Event {
  id: string;
  article?: { id?: string | null; title?: string | null; published?: string | null };
  category: string;
  acled?: { event_type: string; sub_event_type?: string | null } | null;
  modality: string;
  historical?: boolean;
  actor: Entity[];
  recipient: Entity[];
  location?: Place | null;
  date?: { value?: string | null; text?: string; span?: Span } | null;
  size?: { killed?: Count | null; injured?: Count | null; arrested?: Count | null; displaced?: Count | null };
  reported_by?: Entity[];
  trigger: { text: string; span: Span };
  sentence: { index: number; span: Span };
  confidence: number;
}

export interface Quote {
  speaker?: Entity | null;
  cue?: { text: string; span: Span } | null;
  text: string;
  span: Span;
  direct: boolean;
}

export interface ArticleOutput {
  article: { id?: string | null; title?: string | null; published?: string | null };
  events: Event[];
  entities: Entity[];
  places: Place[];
  dates: { text: string; span: Span; value?: string | null }[];
  quantities: { text: string; span: Span; count?: number | null }[];
  quotes: Quote[];
}

export interface StoredArticle {
  id: string;
  hash: string;
  title?: string | null;
  published?: string | null;
  source?: string | null;
  url?: string | null;
  text: string;
  output: ArticleOutput;
}

export interface EventItem {
  article: string;
  hash: string;
  event: Event;
  sentence: string;
}

export interface Incident {
  id: string;
  category: string;
  acled?: { event_type: string; sub_event_type?: string | null } | null;
  actors: string[];
  recipients: string[];
  location?: Place | null;
  date_start?: string | null;
  date_end?: string | null;
  size?: Record<string, { count: number; min?: number; max?: number } | null>;
  events: string[];
  articles: string[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  count: number;
}

export interface Feature {
  geometry: { coordinates: [number, number] };
  properties: Record<string, unknown>;
}

/** A failed request, carrying the server's problem details (RFC 9457) when it sent them. */
export class ApiError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

async function check(r: Response): Promise<Response> {
  if (r.ok) return r;
  let detail = r.statusText;
  try {
    const p = await r.json();
    detail = [p.title, p.detail].filter(Boolean).join(": ") || detail;
  } catch {
    /* not JSON: keep the status text */
  }
  throw new ApiError(r.status, `${r.status} ${detail}`);
}

export async function getJSON<T>(url: string): Promise<T> {
  const r = await check(await fetch(url, { headers: { accept: "application/json" } }));
  return (await r.json()) as T;
}

export async function extract(article: { id?: string; title?: string; text: string; published?: string }): Promise<ArticleOutput> {
  const r = await check(
    await fetch("/v1/extract", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(article),
    }),
  );
  return (await r.json()) as ArticleOutput;
}

/** Query string of the non-empty values, in the given order. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && `${v}`.trim() !== "") q.set(k, `${v}`.trim());
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}
