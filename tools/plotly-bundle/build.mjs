// Builds ../../sos_dash/assets/plotly-sos.min.js: plotly.js (the version in package.json) with only the trace
// types our static exports draw, the way plotly.js builds its own partial bundles (lib/core, which holds scatter
// and every layout component, plus the trace modules registered; esbuild with plotly.js's options; attribute
// descriptions stripped, as in plotly.js's dist files). No calendars: our dates are Gregorian.
// Same inputs (package-lock.json), same bytes. `node build.mjs --check` builds in memory and compares.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import { build } from "esbuild";

// The trace types every static export draws (scatter is in plotly.js's core). tests/test_plotly_bundle.py
// checks this list, as registered in the built file, against the figures of every export view.
const TRACES = ["bar", "choropleth", "scattergeo"];

const here = dirname(fileURLToPath(import.meta.url));
const plotlyDir = join(here, "node_modules", "plotly.js");
const version = JSON.parse(readFileSync(join(plotlyDir, "package.json"), "utf8")).version;
const assets = join(here, "..", "..", "sos_dash", "assets");
const outfile = join(assets, "plotly-sos.min.js");
const licence = join(assets, "plotly-sos.LICENSE.txt");

const entry = [
  "var Plotly = require('plotly.js/lib/core');",
  `Plotly.register([${TRACES.map((t) => `require('plotly.js/lib/${t}')`).join(", ")}]);`,
  "module.exports = Plotly;",
].join("\n");

// plotly.js's attribute files carry long descriptions for its schema docs; its dist bundles drop them
// (and a few other meta keys) before bundling. The same, on plotly.js's own sources only.
const META = [
  /\s*description: '(?:[^'\\\n]|\\.)*',?/g, // 'one line'
  /\s*description: \[[\s\S]*?\]\.join\(\s*'[^']*'\s*\),?/g, // ['...', '...'].join(' ')
  /\s*requiredOpts: \[[\s\S]*?\],?/g,
  /\s*otherOpts: \[[\s\S]*?\],?/g,
  /\s*hrName: '[^'\n]*',?/g,
];
const stripMeta = {
  name: "strip-attribute-meta",
  setup(b) {
    b.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, (args) => {
      let code = readFileSync(args.path, "utf8");
      for (const re of META) code = code.replace(re, "");
      return { contents: code, loader: "js" };
    });
    // registry.js requires maplibre-gl's CSS for map traces, which this bundle does not hold
    b.onResolve({ filter: /\.css$/ }, (args) => ({ path: args.path, namespace: "no-css" }));
    b.onLoad({ filter: /.*/, namespace: "no-css" }, () => ({ contents: "", loader: "js" }));
  },
};

const banner = [
  "/**",
  `* plotly.js (sos-dash: scatter, ${TRACES.join(", ")} - minified) v${version}`,
  "* Copyright 2012-2026, Plotly, Inc.",
  "* All rights reserved.",
  "* Licensed under the MIT license (plotly-sos.LICENSE.txt)",
  "*/",
].join("\n");

const result = await build({
  stdin: { contents: entry, resolveDir: here, sourcefile: "plotly-sos-entry.js" },
  bundle: true,
  format: "iife",
  globalName: "Plotly",
  minify: true,
  target: "es2016",
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  banner: { js: banner },
  plugins: [stripMeta],
  write: false,
  logLevel: "warning",
});
const bytes = Buffer.from(result.outputFiles[0].contents);
const sha = createHash("sha256").update(bytes).digest("hex");
const gz = gzipSync(bytes, { level: 9 }).length;

if (process.argv.includes("--check")) {
  const same = Buffer.compare(bytes, readFileSync(outfile)) === 0;
  console.log(`${same ? "same bytes as" : "DIFFERS from"} ${outfile} (sha256 ${sha})`);
  process.exit(same ? 0 : 1);
}
writeFileSync(outfile, bytes);
copyFileSync(join(plotlyDir, "LICENSE"), licence);
console.log(`${outfile}: plotly.js ${version}, ${bytes.length} bytes, ${gz} gzip -9, sha256 ${sha}`);
