// An offline map: Natural Earth country outlines (world-atlas, bundled at build time) drawn as
// SVG in an equirectangular projection; pan by dragging, zoom with the wheel. No tile server.
import { feature } from "topojson-client";
import countries110m from "world-atlas/countries-110m.json";

const W = 960;
const H = 480;
const NS = "http://www.w3.org/2000/svg";

export const project = (lon: number, lat: number): [number, number] => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];
export const unproject = (x: number, y: number): [number, number] => [(x / W) * 360 - 180, 90 - (y / H) * 180];

function ringPath(ring: number[][]): string {
  return ring.map(([lon, lat], i) => `${i ? "L" : "M"}${project(lon, lat).map((v) => v.toFixed(1)).join(",")}`).join("") + "Z";
}

function outlines(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const topo = countries110m as any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const fc = feature(topo, topo.objects.countries) as any;
  const paths: string[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (!g) continue;
    const polys: number[][][][] = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    paths.push(polys.map((p) => p.map(ringPath).join("")).join(""));
  }
  return paths;
}

export interface Marker {
  lon: number;
  lat: number;
  id: string;
  label: string;
  category: string;
  killed: number;
}

const COLOURS: Record<string, string> = {
  ASSAULT: "#d92d20",
  FIGHT: "#b54708",
  COERCE: "#7a2e9f",
  PROTEST: "#1f7a3f",
  MOBILIZE: "#b08800",
};

export class WorldMap {
  private view = { x: 0, y: 0, w: W, h: H };
  private markers: SVGGElement;

  constructor(private svg: SVGSVGElement, onPick: (id: string) => void) {
    const land = document.createElementNS(NS, "g");
    for (const d of outlines()) {
      const p = document.createElementNS(NS, "path");
      p.setAttribute("d", d);
      p.setAttribute("class", "country");
      land.append(p);
    }
    this.markers = document.createElementNS(NS, "g");
    svg.append(land, this.markers);
    this.markers.addEventListener("click", (e) => {
      const id = (e.target as Element).getAttribute("data-id");
      if (id) onPick(id);
    });
    this.interact();
  }

  setMarkers(list: Marker[]): void {
    this.markers.replaceChildren();
    const scale = this.view.w / W;
    for (const m of list) {
      const [x, y] = project(m.lon, m.lat);
      const c = document.createElementNS(NS, "circle");
      c.setAttribute("cx", x.toFixed(2));
      c.setAttribute("cy", y.toFixed(2));
      const r0 = 2.5 + Math.sqrt(Math.max(0, m.killed));
      c.setAttribute("data-r0", `${r0}`);
      c.setAttribute("r", (r0 * scale).toFixed(2));
      c.setAttribute("class", "marker");
      c.setAttribute("fill", COLOURS[m.category] ?? "#1f5fbf");
      c.setAttribute("data-id", m.id);
      const t = document.createElementNS(NS, "title");
      t.textContent = m.label;
      c.append(t);
      this.markers.append(c);
    }
  }

  select(id: string | null): void {
    for (const c of this.markers.querySelectorAll("circle")) c.classList.toggle("selected", c.getAttribute("data-id") === id);
  }

  /** The visible area as min lon, min lat, max lon, max lat. */
  bbox(): [number, number, number, number] {
    const [lon0, lat1] = unproject(this.view.x, this.view.y);
    const [lon1, lat0] = unproject(this.view.x + this.view.w, this.view.y + this.view.h);
    const c = (v: number, lo: number, hi: number) => Math.round(Math.max(lo, Math.min(hi, v)) * 1000) / 1000;
    return [c(lon0, -180, 180), c(lat0, -90, 90), c(lon1, -180, 180), c(lat1, -90, 90)];
  }

  /** Zooms to fit the markers (a little margin; the whole world when there are none). */
  fit(list: Marker[]): void {
    if (!list.length) return this.apply({ x: 0, y: 0, w: W, h: H });
    const pts = list.map((m) => project(m.lon, m.lat));
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    let w = Math.max(60, (Math.max(...xs) - Math.min(...xs)) * 1.4);
    let h = Math.max(30, (Math.max(...ys) - Math.min(...ys)) * 1.4);
    // keep the aspect ratio of the drawing
    if (w / h > W / H) h = (w * H) / W;
    else w = (h * W) / H;
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    this.apply({ x: cx - w / 2, y: cy - h / 2, w, h });
  }

  private apply(v: { x: number; y: number; w: number; h: number }): void {
    const w = Math.min(W, Math.max(4, v.w));
    const h = (w * H) / W;
    this.view = { x: Math.max(0, Math.min(W - w, v.x)), y: Math.max(0, Math.min(H - h, v.y)), w, h };
    this.svg.setAttribute("viewBox", `${this.view.x} ${this.view.y} ${this.view.w} ${this.view.h}`);
    const scale = this.view.w / W;
    // markers keep their size on screen: radius in drawing units shrinks as the view does
    for (const c of this.markers.querySelectorAll("circle")) c.setAttribute("r", (Number(c.getAttribute("data-r0")) * scale).toFixed(2));
  }

  private interact(): void {
    const svg = this.svg;
    const toSvg = (e: MouseEvent): [number, number] => {
      const r = svg.getBoundingClientRect();
      return [this.view.x + ((e.clientX - r.left) / r.width) * this.view.w, this.view.y + ((e.clientY - r.top) / r.height) * this.view.h];
    };
    svg.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        const [px, py] = toSvg(e);
        const k = e.deltaY < 0 ? 0.8 : 1.25;
        this.apply({ x: px - (px - this.view.x) * k, y: py - (py - this.view.y) * k, w: this.view.w * k, h: this.view.h * k });
      },
      { passive: false },
    );
    let drag: { x: number; y: number; vx: number; vy: number } | null = null;
    svg.addEventListener("mousedown", (e) => {
      drag = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y };
    });
    window.addEventListener("mouseup", () => (drag = null));
    window.addEventListener("mousemove", (e) => {
      if (!drag) return;
      const r = svg.getBoundingClientRect();
      const dx = ((e.clientX - drag.x) / r.width) * this.view.w;
      const dy = ((e.clientY - drag.y) / r.height) * this.view.h;
      this.apply({ ...this.view, x: drag.vx - dx, y: drag.vy - dy });
    });
  }
}
