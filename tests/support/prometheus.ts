// Reads Prometheus text exposition (what /metrics serves) into samples, so tests can
// assert on values rather than on substrings.
export type Sample = { name: string; labels: Record<string, string>; value: number };

// Label values with escaped quotes are not read: Herald's never contain any.
const LABEL = /(\w+)="([^"]*)"/g;

export function parseMetrics(text: string): Sample[] {
  return text.split("\n").flatMap((line) => {
    if (!line || line.startsWith("#")) return [];
    // name{label="value",...} value   (no timestamps: prom-client writes none)
    const space = line.lastIndexOf(" ");
    const series = line.slice(0, space);
    const brace = series.indexOf("{");
    const name = brace === -1 ? series : series.slice(0, brace);
    const labels = Object.fromEntries([...series.slice(name.length).matchAll(LABEL)].map((m) => [m[1], m[2]]));
    return [{ name, labels, value: Number(line.slice(space + 1)) }];
  });
}

/** The value of the one sample with this name whose labels include `labels`; undefined when there is none. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples match ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
