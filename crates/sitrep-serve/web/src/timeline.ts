// A histogram of event dates: by day for spans up to two months, by month up to six years,
// by year beyond. Clicking a bar hands its first and last day to the caller (a date filter).
const NS = "http://www.w3.org/2000/svg";
const W = 960;
const H = 120;
const PAD = 18;

export type Unit = "day" | "month" | "year";

export interface Bin {
  key: string; // YYYY-MM-DD, YYYY-MM or YYYY
  count: number;
  since: string;
  until: string;
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m 1-based

/** Bins the dates (partial dates count in their month or year bin; undated ones are left out). */
export function bins(dates: (string | null | undefined)[]): { unit: Unit; bins: Bin[] } {
  const ds = dates.filter((d): d is string => !!d && /^\d{4}/.test(d)).sort();
  if (!ds.length) return { unit: "day", bins: [] };
  const [first, last] = [ds[0], ds[ds.length - 1]];
  const full = ds.every((d) => d.length >= 10);
  const monthly = ds.every((d) => d.length >= 7);
  const unit: Unit =
    full && (Date.parse(last.slice(0, 10)) - Date.parse(first.slice(0, 10))) / DAY <= 62
      ? "day"
      : monthly && Number(last.slice(0, 4)) - Number(first.slice(0, 4)) <= 6
        ? "month"
        : "year";
  const len = unit === "day" ? 10 : unit === "month" ? 7 : 4;
  const count = new Map<string, number>();
  for (const d of ds) count.set(d.slice(0, len), (count.get(d.slice(0, len)) ?? 0) + 1);
  // every period between the first and the last, empty ones too, so gaps show
  const keys: string[] = [];
  const k0 = ds[0].slice(0, len);
  const k1 = ds[ds.length - 1].slice(0, len);
  if (unit === "day") {
    for (let t = Date.parse(k0); iso(t) <= k1; t += DAY) keys.push(iso(t));
  } else if (unit === "month") {
    let [y, m] = k0.split("-").map(Number);
    for (;;) {
      const k = `${y}-${String(m).padStart(2, "0")}`;
      keys.push(k);
      if (k >= k1) break;
      m = m === 12 ? 1 : m + 1;
      if (m === 1) y++;
    }
  } else {
    for (let y = Number(k0); y <= Number(k1); y++) keys.push(String(y));
  }
  return {
    unit,
    bins: keys.map((key) => {
      const [y, m] = key.split("-").map(Number);
      const since = unit === "day" ? key : unit === "month" ? `${key}-01` : `${key}-01-01`;
      const until = unit === "day" ? key : unit === "month" ? `${key}-${String(lastDay(y, m)).padStart(2, "0")}` : `${key}-12-31`;
      return { key, count: count.get(key) ?? 0, since, until };
    }),
  };
}

export function drawTimeline(
  svg: SVGSVGElement,
  dates: (string | null | undefined)[],
  noun: string,
  onPick: (since: string, until: string) => void,
): void {
  svg.replaceChildren();
  const { unit, bins: bs } = bins(dates);
  if (!bs.length) {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", "8");
    t.setAttribute("y", "20");
    t.textContent = `no dated ${noun}`;
    svg.append(t);
    return;
  }
  const max = Math.max(...bs.map((b) => b.count));
  const bw = (W - 2) / bs.length;
  bs.forEach((b, i) => {
    const h = max ? ((H - PAD - 4) * b.count) / max : 0;
    const r = document.createElementNS(NS, "rect");
    r.setAttribute("x", (1 + i * bw).toFixed(2));
    r.setAttribute("y", (H - PAD - h).toFixed(2));
    r.setAttribute("width", Math.max(1, bw - 1).toFixed(2));
    r.setAttribute("height", h.toFixed(2));
    r.setAttribute("class", "bar");
    r.setAttribute("data-since", b.since);
    r.setAttribute("data-until", b.until);
    const t = document.createElementNS(NS, "title");
    t.textContent = `${b.key}: ${b.count}`;
    r.append(t);
    r.addEventListener("click", () => onPick(b.since, b.until));
    svg.append(r);
  });
  for (const [i, anchor] of [[0, "start"], [bs.length - 1, "end"]] as const) {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", anchor === "start" ? "2" : `${W - 2}`);
    t.setAttribute("y", `${H - 4}`);
    t.setAttribute("text-anchor", anchor);
    t.textContent = bs[i].key;
    svg.append(t);
  }
  const u = document.createElementNS(NS, "text");
  u.setAttribute("x", `${W / 2}`);
  u.setAttribute("y", `${H - 4}`);
  u.setAttribute("text-anchor", "middle");
  u.textContent = `${noun} per ${unit} (max ${max})`;
  svg.append(u);
}
