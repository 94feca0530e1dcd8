// Builds the web app into dist/ (or the folder given as the first argument): the TypeScript
// bundled with the world map's data by esbuild, index.html and style.css copied. Deterministic —
// same sources and lockfile, same bytes — so CI can check that the committed dist/ is current.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2] ?? "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });
await build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: join(out, "assets/app.js"),
  legalComments: "none",
  logLevel: "warning",
});
copyFileSync("src/index.html", join(out, "index.html"));
copyFileSync("src/style.css", join(out, "assets/style.css"));
